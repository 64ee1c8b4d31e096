/**
 * The run report (`tpe report`, `tpe run --report`): the seed's session
 * summary of a recorded run, in markdown, json, csv or html.
 */
export type {
  AgentPerformance,
  AgentTypePerformance,
  AttemptOutcome,
  PriorityCompletion,
  ReportBar,
  ReportChain,
  ReportEstimate,
  ReportFormat,
  ReportInput,
  ReportRecommendation,
  ReportRun,
  ReportTicket,
  ResourceUse,
  RunReport,
} from './reportTypes.js';
export { REPORT_FORMATS } from './reportTypes.js';
export { buildReport, type BuildReportOptions } from './buildReport.js';
export { chainPath } from '../diagnose/describeChain.js';
export { reportInputFromStore } from './reportInputFromStore.js';
export { renderReport, reportFormatFor, reportFormatForFile, parseReportFormat } from './renderReport.js';
export { renderMarkdown, mermaidGantt, MERMAID_MAX_BARS } from './renderMarkdown.js';
export { parkedTime } from './parkedTime.js';
export { renderCsv, csvField, CSV_COLUMNS } from './renderCsv.js';
export { renderHtml } from './renderHtml.js';
export { renderJson } from './renderJson.js';
export { actualBars, renderReportGantt } from './reportGantt.js';
export { writeReport, writeRunReport, type WriteRunReportOptions } from './writeReport.js';
