/**
 * The CSV report: one row per ticket, RFC 4180, read back by a strict parser
 * written from the RFC (quoted fields may hold commas, quotes and line breaks).
 */
import { describe, expect, it } from 'vitest';
import { buildReport, CSV_COLUMNS, csvField, renderCsv } from '../../../src/runtime/report/index.js';
import { smallInput } from './smallRun.js';

/** RFC 4180 records: CRLF between records, `"` opens a quoted field, `""` inside it is a quote. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) throw new Error(`unterminated quote at ${i}`);
        field += text.slice(i, q);
        if (text[q + 1] === '"') {
          field += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
    } else {
      const end = text.slice(i).search(/,|\r\n/);
      field = end < 0 ? text.slice(i) : text.slice(i, i + end);
      if (/["\r\n]/.test(field)) throw new Error(`unquoted field with a quote or line break: ${JSON.stringify(field)}`);
      i += field.length;
    }
    record.push(field);
    if (text[i] === ',') {
      i++;
      continue;
    }
    if (text.startsWith('\r\n', i)) {
      records.push(record);
      record = [];
      i += 2;
      if (i === text.length) return records;
      continue;
    }
    throw new Error(`expected a comma or CRLF at ${i}, found ${JSON.stringify(text.slice(i, i + 10))}`);
  }
}

describe('renderCsv', () => {
  it('one row per ticket in plan order under a header, every row as wide as the header', async () => {
    const rows = parseCsv(renderCsv(await buildReport(smallInput(), { whatIf: false })));
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows.slice(1).map((r) => r[0])).toEqual(['A', 'B', 'C', 'D', 'E', 'F']);
    for (const r of rows) expect(r).toHaveLength(CSV_COLUMNS.length);
  });

  it('quotes titles and errors holding quotes, commas and line breaks, and they read back unchanged', async () => {
    const csv = renderCsv(await buildReport(smallInput(), { whatIf: false }));
    expect(csv).toContain('"Say ""hi"", then\nwait | go"');
    const rows = parseCsv(csv);
    const col = (name: (typeof CSV_COLUMNS)[number]) => CSV_COLUMNS.indexOf(name);
    const byId = new Map(rows.slice(1).map((r) => [r[0], r]));
    expect(byId.get('A')?.[col('title')]).toBe('Say "hi", then\nwait | go');
    expect(byId.get('D')?.[col('error')]).toBe('EXIT_CODE: command exited with code 3, "disk full"');
    expect(byId.get('E')?.[col('error')]).toBe('dependency D did not complete');
  });

  it('times in ISO 8601 UTC, durations in whole milliseconds, blanks where there is nothing', async () => {
    const rows = parseCsv(renderCsv(await buildReport(smallInput(), { whatIf: false })));
    const c = Object.fromEntries(CSV_COLUMNS.map((name, i) => [name, rows[3]?.[i]]));
    expect(c).toMatchObject({ id: 'C', agent: 'agent-001', state: 'completed', attempts: '2', started: '2027-01-15T08:00:00.100Z', ended: '2027-01-15T08:00:00.260Z', duration_ms: '150', estimate_ms: '200', ratio: '0.750', wait_ms: '100' });
    // A completed ticket's last error is that of the attempt it retried: not an error of the ticket.
    expect(c.error).toBe('');
    const f = Object.fromEntries(CSV_COLUMNS.map((name, i) => [name, rows[6]?.[i]]));
    expect(f).toMatchObject({ id: 'F', agent: '', attempts: '0', started: '', ended: '', duration_ms: '', ratio: '' });
  });

  it('csvField quotes only what RFC 4180 asks for', () => {
    expect(csvField('plain text')).toBe('plain text');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "x"')).toBe('"say ""x"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
    expect(csvField('')).toBe('');
  });
});
