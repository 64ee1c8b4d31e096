/** The run report as JSON: the model itself (`RunReport`). */
import type { RunReport } from './reportTypes.js';

export function renderJson(report: RunReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
