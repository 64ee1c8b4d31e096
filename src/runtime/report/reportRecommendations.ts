/** The report's own advice, beyond the diagnosis's simulated what-ifs. */
import { formatDuration } from '../../plan/formatDuration.js';
import type { EstimateAccuracy } from '../diagnose/diagnosisTypes.js';
import type { ReportRecommendation, ReportTicket } from './reportTypes.js';

/** Actual ÷ estimate beyond these bounds is worth recalibrating the estimates. */
const CALIBRATED = [0.8, 1.25] as const;
/** Fewest completed tickets with an estimate before the ratio says anything. */
const MIN_MEASURED = 3;

/** Advice the diagnosis does not give: failures to look at, estimates to recalibrate. */
export function reportRecommendations(tickets: readonly ReportTicket[], estimates: EstimateAccuracy): ReportRecommendation[] {
  const out: ReportRecommendation[] = [];
  const failed = tickets.filter((t) => t.state === 'failed');
  if (failed.length > 0) {
    const blocked = tickets.filter((t) => t.state === 'blocked').length;
    const names = failed.slice(0, 3).map((t) => t.id).join(', ') + (failed.length > 3 ? ` +${failed.length - 3}` : '');
    out.push({
      kind: 'fix-failures',
      section: 'bottlenecks',
      tickets: failed.map((t) => t.id),
      text: `Fix ${failed.length === 1 ? 'the failed ticket' : `the ${failed.length} failed tickets`} (${names})${blocked > 0 ? `: ${blocked} dependent${blocked === 1 ? ' was' : 's were'} blocked by ${failed.length === 1 ? 'it' : 'them'}` : ''}; each one's error and log file are listed under "Failed and blocked tickets"`,
    });
  }
  const [low, high] = CALIBRATED;
  if (estimates.measured >= MIN_MEASURED && (estimates.ratio < low || estimates.ratio > high)) {
    out.push({
      kind: 'recalibrate-estimates',
      section: 'bottlenecks',
      ratio: estimates.ratio,
      text: `Tickets took ${estimates.ratio.toFixed(2)}× their estimates (${formatDuration(estimates.actualMs)} for ${formatDuration(estimates.estimatedMs)} over ${estimates.measured} completed tickets): scale the estimates by ${estimates.ratio.toFixed(2)} so that dry runs, plans and ETAs predict runs like this one`,
    });
  }
  return out;
}
