/**
 * Writes the event stream to a pino logger: one JSON line per event, ticket
 * and agent ids on child-logger bindings, failures at `warn`, errors under
 * `err`. The CLI points it at `.tpe/runs/<runId>/engine.log`.
 */
import type { Logger } from 'pino';
import type { EngineEvent } from '../events.js';

export function pinoReporter(logger: Logger): (event: EngineEvent) => void {
  return (event) => {
    switch (event.type) {
      case 'run.started':
        logger.info({ runId: event.runId, plan: event.planName, tickets: event.tickets, agents: event.agents, logDir: event.logDir }, 'run started');
        return;
      case 'run.state':
        logger.info({ from: event.from, to: event.to }, `run ${event.to}`);
        return;
      case 'ticket.transition': {
        const log = logger.child({ ticketId: event.ticket, agentId: event.agentId, attempt: event.attempt });
        const data: Record<string, unknown> = { from: event.from, to: event.to };
        if (event.reason) data.reason = event.reason;
        if (event.logFile) data.logFile = event.logFile;
        if (event.error) {
          data.err = event.error;
          log.warn(data, `ticket ${event.to}`);
        } else if (event.to === 'blocked' || event.to === 'cancelled') {
          log.warn(data, `ticket ${event.to}`);
        } else {
          log.info(data, `ticket ${event.to}`);
        }
        return;
      }
      case 'ticket.progress':
        logger.debug({ ticketId: event.ticket, fraction: event.fraction, message: event.message }, 'ticket progress');
        return;
      case 'agent.transition':
        logger.debug({ agentId: event.agentId, agentType: event.agentType, from: event.from, to: event.to, ticketId: event.ticket }, `agent ${event.to}`);
        return;
      case 'run.extended':
        logger.info({ tickets: event.tickets }, `${event.tickets.length} ticket(s) added`);
        return;
      case 'run.finished':
        logger.info({ status: event.result.status, metrics: event.result.metrics }, `run ${event.result.status}`);
        return;
    }
  };
}
