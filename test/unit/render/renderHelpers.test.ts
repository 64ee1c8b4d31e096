import { describe, expect, it } from 'vitest';
import { displayWidth, truncateToWidth } from '../../../src/cli/render/displayWidth.js';
import { formatElapsed } from '../../../src/cli/render/formatElapsed.js';
import { renderBar } from '../../../src/cli/render/renderBar.js';
import { renderFittedTable } from '../../../src/cli/render/renderFittedTable.js';
import { colors, plain } from '../../../src/cli/render/style.js';

describe('displayWidth', () => {
  it('counts terminal cells: colour codes none, emoji and wide characters two', () => {
    expect(displayWidth('MOD-012')).toBe(7);
    expect(displayWidth(colors.green('done'))).toBe(4);
    expect(displayWidth('📊 x')).toBe(4);
    expect(displayWidth('⚡')).toBe(2); // U+26A1 is one UTF-16 unit, two cells
    expect(displayWidth('✔️')).toBe(1); // the variation selector takes none
    expect(displayWidth('完了')).toBe(4);
    expect(displayWidth('█░─┼═…')).toBe(6);
  });
});

describe('truncateToWidth', () => {
  it('leaves what fits, cuts the rest with …', () => {
    expect(truncateToWidth('MOD-012', 7)).toBe('MOD-012');
    expect(truncateToWidth('MOD-012 waits for SYS-015', 10)).toBe('MOD-012 w…');
    expect(truncateToWidth('abc', 1)).toBe('…');
    expect(truncateToWidth('abc', 0)).toBe('');
  });

  it('never splits a wide character or a colour code, and closes colours it cut', () => {
    expect(truncateToWidth('📊 DASHBOARD', 2)).toBe('…');
    expect(truncateToWidth('📊 DASHBOARD', 3)).toBe('📊…');
    const cut = truncateToWidth(`${colors.green('completed')} tickets`, 5);
    expect(cut).toBe('\x1b[32mcomp…\x1b[0m');
    expect(displayWidth(cut)).toBe(5);
  });
});

describe('renderFittedTable', () => {
  const headers = ['Ticket', 'State', 'Why'];
  const rows = [
    ['MOD-013', 'ready', 'conflicts with running MOD-012'],
    ['SYS-020', 'waiting', 'waits for MOD-012'],
  ];

  it('is renderTable when the table fits', () => {
    expect(renderFittedTable(headers, rows, 80)).toBe(
      [
        'Ticket  | State   | Why',
        '────────┼─────────┼───────────────────────────────',
        'MOD-013 | ready   | conflicts with running MOD-012',
        'SYS-020 | waiting | waits for MOD-012',
      ].join('\n'),
    );
  });

  it('shrinks the widest column first, the rightmost on a tie', () => {
    expect(renderFittedTable(headers, rows, 30)).toBe(
      [
        'Ticket  | State   | Why',
        '────────┼─────────┼───────────',
        'MOD-013 | ready   | conflicts…',
        'SYS-020 | waiting | waits for…',
      ].join('\n'),
    );
  });

  it('drops spare columns before cutting the others below a readable width', () => {
    expect(renderFittedTable(headers, rows, 18, { dropOrder: [1] })).toBe(
      ['Ticket  | Why', '────────┼─────────', 'MOD-013 | conflic…', 'SYS-020 | waits f…'].join('\n'),
    );
  });

  it('paints cells after cutting them, with the column index of the headers', () => {
    const out = renderFittedTable(headers, rows, 80, { dropOrder: [1], paint: (text, _row, column) => (column === 2 ? `<${text}>` : text) });
    expect(out.split('\n')[3]).toBe('SYS-020 | waiting | <waits for MOD-012>');
  });
});

describe('formatElapsed', () => {
  it('is hh:mm:ss, hours past 99 included', () => {
    expect(formatElapsed(0)).toBe('00:00:00');
    expect(formatElapsed(751_999)).toBe('00:12:31');
    expect(formatElapsed(360_000_000 + 61_000)).toBe('100:01:01');
    expect(formatElapsed(-5)).toBe('00:00:00');
  });
});

describe('renderBar', () => {
  it('fills the done fraction; a little is never empty, nearly all never full', () => {
    expect(renderBar(3, 4, 4, plain)).toBe('███░');
    expect(renderBar(1, 1, 4, plain)).toBe('████');
    expect(renderBar(0, 4, 4, plain)).toBe('░░░░');
    expect(renderBar(1, 100, 4, plain)).toBe('█░░░');
    expect(renderBar(99, 100, 4, plain)).toBe('███░');
    expect(renderBar(0, 0, 4, plain)).toBe('░░░░');
  });
});
