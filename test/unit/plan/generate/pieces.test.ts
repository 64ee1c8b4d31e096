/** The small pure parts of plan generation, each on its own. */
import fc from 'fast-check';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../../../src/plan/index.js';
import { compareIds, formatSeedDuration, splitCommand } from '../../../../src/plan/generate/index.js';
import { groupDurationMs } from '../../../../src/plan/generate/groupDurationMs.js';
import { rebasePath } from '../../../../src/plan/generate/rebaseAgents.js';
import { yamlBlock, yamlFlow, yamlScalar } from '../../../../src/plan/generate/yamlText.js';

describe('formatSeedDuration', () => {
  it("writes the seed's style: one unit, up to two decimals", () => {
    expect(formatSeedDuration(8 * 3_600_000)).toBe('8 hours');
    expect(formatSeedDuration(6.5 * 3_600_000)).toBe('6.5 hours');
    expect(formatSeedDuration(8_100_000)).toBe('2.25 hours');
    expect(formatSeedDuration(3_600_000)).toBe('1 hour');
    expect(formatSeedDuration(45 * 60_000)).toBe('45 minutes');
    expect(formatSeedDuration(59.999 * 60_000)).toBe('1 hour');
    expect(formatSeedDuration(1_500)).toBe('1.5 seconds');
    expect(formatSeedDuration(0)).toBe('0 seconds');
    expect(formatSeedDuration(4)).toBe('4 milliseconds');
  });

  it('reads back through parseDuration within its rounding', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1_000, max: 30 * 86_400_000 }), (ms) => {
        const back = parseDuration(formatSeedDuration(ms))!;
        expect(Math.abs(back - ms) / ms).toBeLessThan(0.006);
      }),
    );
  });
});

describe('splitCommand', () => {
  it('splits words and quotes into an argv list', () => {
    expect(splitCommand('claude -p "fix the ticket" --model \'big one\'')).toEqual(['claude', '-p', 'fix the ticket', '--model', 'big one']);
    expect(splitCommand('./agents/run.sh')).toEqual(['./agents/run.sh']);
    expect(splitCommand('say "a \\"quoted\\" word"')).toEqual(['say', 'a "quoted" word']);
  });

  it('keeps what only a shell can do as one shell string', () => {
    expect(splitCommand('claude -p < "$TICKET_FILE" | tee out.log')).toBe('claude -p < "$TICKET_FILE" | tee out.log');
    expect(splitCommand('make -j4 && make test')).toBe('make -j4 && make test');
  });

  it('refuses an empty command and an unclosed quote', () => {
    expect(splitCommand('   ')).toBeUndefined();
    expect(splitCommand('claude -p "unclosed')).toBeUndefined();
  });
});

describe('yamlText', () => {
  it('writes plain scalars when they read back the same, quoted ones otherwise', () => {
    expect(yamlScalar('SYS-015')).toBe('SYS-015');
    expect(yamlScalar('2 hours')).toBe('2 hours');
    expect(yamlScalar('--strict')).toBe('--strict');
    expect(yamlScalar('009')).toBe('"009"');
    expect(yamlScalar('1.5')).toBe('"1.5"');
    expect(yamlScalar('true')).toBe('"true"');
    expect(yamlScalar('yes')).toBe('"yes"');
    expect(yamlScalar('templates/**')).toBe('"templates/**"');
    expect(yamlScalar('a: b')).toBe('"a: b"');
    expect(yamlScalar('')).toBe('""');
  });

  it('round-trips any string in block and flow context', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        expect(parse(`k: ${yamlScalar(s)}`)).toEqual({ k: s });
        expect(parse(`- ${yamlFlow({ a: [s, s], b: s })}`)).toEqual([{ a: [s, s], b: s }]);
      }),
      { numRuns: 500 },
    );
  });

  it('writes short flat settings on one line and nested ones as blocks', () => {
    const lines = yamlBlock({ agents: { shell: { count: 2, executor: 'process' }, big: { count: 1, command: ['x'.repeat(90)] } }, routing: { default: 'shell' } }, 0, { routing: ['why'] });
    expect(lines).toEqual(['agents:', '  shell: { count: 2, executor: process }', '  big:', '    count: 1', '    command:', `      - ${'x'.repeat(90)}`, '# why', 'routing: { default: shell }']);
    expect(parse(lines.join('\n'))).toEqual({ agents: { shell: { count: 2, executor: 'process' }, big: { count: 1, command: ['x'.repeat(90)] } }, routing: { default: 'shell' } });
  });
});

describe('groupDurationMs', () => {
  it('is the longest estimate when every ticket has an agent, else longest-first list scheduling', () => {
    expect(groupDurationMs([3, 1, 2], 3)).toBe(3);
    expect(groupDurationMs([3, 3, 2, 2, 2], 2)).toBe(7);
    expect(groupDurationMs([5, 4, 3], 1)).toBe(12);
    expect(groupDurationMs([], 2)).toBe(0);
  });
});

describe('compareIds and rebasePath', () => {
  it('orders ids as people read them', () => {
    expect(['SYS-10', 'sys-9', 'DOC-1', '009', '10'].sort(compareIds)).toEqual(['009', '10', 'DOC-1', 'sys-9', 'SYS-10']);
  });

  it("rewrites a path relative to one folder for another, marked as beside the plan", () => {
    expect(rebasePath('./agents/run.sh', '/p/examples/seed', '/p')).toBe('./examples/seed/agents/run.sh');
    expect(rebasePath('./agents/run.sh', '/p', '/p/out')).toBe('../agents/run.sh');
    expect(rebasePath('/abs/run.sh', '/p', '/q')).toBe('/abs/run.sh');
  });
});
