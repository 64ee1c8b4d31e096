/** Which format a report is written in: `--format`, else the file's extension; bad names are usage errors. */
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { buildReport, parseReportFormat, renderReport, reportFormatFor, reportFormatForFile } from '../../../src/runtime/report/index.js';
import { smallInput } from './smallRun.js';

describe('report formats', () => {
  it('reads the format from the extension, the given format first', () => {
    expect(reportFormatForFile('out/report.MD')).toBe('markdown');
    expect(reportFormatForFile('r.markdown')).toBe('markdown');
    expect(reportFormatForFile('r.json')).toBe('json');
    expect(reportFormatForFile('r.csv')).toBe('csv');
    expect(reportFormatForFile('r.htm')).toBe('html');
    expect(reportFormatForFile('r.txt')).toBeUndefined();
    expect(reportFormatFor('r.txt', 'csv')).toBe('csv');
    expect(reportFormatFor('r.html')).toBe('html');
  });

  it('names the culprit and what it expected', () => {
    expect(() => parseReportFormat('pdf')).toThrow(UsageError);
    expect(() => parseReportFormat('pdf')).toThrow('--format pdf: expected markdown, json, csv, html');
    expect(parseReportFormat('MD')).toBe('markdown');
    expect(() => reportFormatFor('run.txt')).toThrow(/run\.txt: cannot tell the report format from the extension \(expected \.md, /);
  });

  it('renders each format from the same model', async () => {
    const r = await buildReport(smallInput(), { whatIf: false });
    expect(JSON.parse(renderReport(r, 'json'))).toMatchObject({ kind: 'run-report', run: { id: r.run.id } });
    expect(renderReport(r, 'markdown').startsWith('# Run report: ')).toBe(true);
    expect(renderReport(r, 'csv').split('\r\n')[0]).toMatch(/^id,title,/);
    expect(renderReport(r, 'html').startsWith('<!doctype html>')).toBe(true);
  });
});
