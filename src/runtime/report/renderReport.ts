/** A run report in one of its formats, and which format a file name asks for. */
import { extname } from 'node:path';
import { UsageError } from '../../errors.js';
import { renderCsv } from './renderCsv.js';
import { renderHtml } from './renderHtml.js';
import { renderJson } from './renderJson.js';
import { renderMarkdown } from './renderMarkdown.js';
import { REPORT_FORMATS, type ReportFormat, type RunReport } from './reportTypes.js';

const EXTENSIONS: Readonly<Record<string, ReportFormat>> = {
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.json': 'json',
  '.csv': 'csv',
  '.html': 'html',
  '.htm': 'html',
};

/** The format a file's extension names (`.md`, `.markdown`, `.json`, `.csv`, `.html`, `.htm`), or undefined. */
export function reportFormatForFile(file: string): ReportFormat | undefined {
  return EXTENSIONS[extname(file).toLowerCase()];
}

/** A `--format` value, checked. @throws UsageError for an unknown format */
export function parseReportFormat(value: string): ReportFormat {
  const format = value.toLowerCase() === 'md' ? 'markdown' : value.toLowerCase();
  if (!(REPORT_FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format ${value}: expected ${REPORT_FORMATS.join(', ')}`);
  return format as ReportFormat;
}

/**
 * The format to write `file` in: the one given, else its extension's.
 * @throws UsageError when neither says (`--report run.txt`)
 */
export function reportFormatFor(file: string, format?: ReportFormat | string): ReportFormat {
  if (format !== undefined) return parseReportFormat(format);
  const byName = reportFormatForFile(file);
  if (!byName) throw new UsageError(`${file}: cannot tell the report format from the extension (expected ${Object.keys(EXTENSIONS).join(', ')})`);
  return byName;
}

export function renderReport(report: RunReport, format: ReportFormat): string {
  switch (format) {
    case 'markdown':
      return renderMarkdown(report);
    case 'json':
      return renderJson(report);
    case 'csv':
      return renderCsv(report);
    case 'html':
      return renderHtml(report);
  }
}
