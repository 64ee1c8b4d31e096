/**
 * The engine's side of the inspector's worker thread (inspectorWorker.mjs).
 * A ticket transition costs the engine's thread seven numbers written into a
 * Float64Array; once per turn of the event loop the array is handed over
 * (transferred, not copied) with the few events of the real actors. The
 * worker builds the protocol events and writes the frames.
 */
import { Worker } from 'node:worker_threads';
import { TICKET_EVENT_TYPES, TICKET_STATES, FINAL_TICKET_STATES } from '../../machines/ticketMachine.js';
import type { EngineEvent } from '../events.js';

/** Numbers per ticket transition: index, from, to, event, attempt, agent (-1 none), at. */
const FIELDS = 7;
const INITIAL_CAPACITY = 1024;
const FLUSH_MS = 25;
const BATCH_MAX = 8192;

export interface InspectorThreadOptions {
  url: string;
  /** Ticket ids by index (later ones are named as they appear). */
  tickets: readonly string[];
  /** Session id of the supervisor actor: the tickets' parent. */
  parentId: string;
  /** The ticket machine's definition (JSON). */
  definition: string;
  /** Send the definition with every ticket actor (else with the first only). */
  definitionEach: boolean;
  /** Also an `@xstate.event` per ticket transition (each snapshot names its event anyway). @default false */
  eventFrames?: boolean;
  /** Frames kept while the inspector is away or slow; the oldest go first. @default 1_000_000 */
  maxQueued?: number;
  /** @default 2000 */
  retryMs?: number;
  onError?: (message: string) => void;
  onOpen?: () => void;
}

type TicketTransition = Extract<EngineEvent, { type: 'ticket.transition' }>;

const stateCode = new Map<string, number>(TICKET_STATES.map((s, i) => [s, i]));
const eventCode = new Map<string, number>(TICKET_EVENT_TYPES.map((e, i) => [e, i]));

export class InspectorThread {
  private readonly worker: Worker;
  private data = new Float64Array(FIELDS * INITIAL_CAPACITY);
  private count = 0;
  private notes: Array<[number, string]> = [];
  private extras: object[] = [];
  private names: Array<[number, string]> = [];
  private agents: Array<[number, string]> = [];
  private readonly agentCodes = new Map<string, number>();
  private named: number;
  private scheduled = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private closed: Promise<{ sent: number; dropped: number }> | undefined;

  constructor(options: InspectorThreadOptions) {
    this.named = options.tickets.length;
    const url = new URL('./inspectorWorker.mjs', import.meta.url);
    this.worker = new Worker(url, {
      workerData: {
        url: options.url,
        tickets: options.tickets,
        states: TICKET_STATES,
        events: TICKET_EVENT_TYPES,
        finals: [...FINAL_TICKET_STATES],
        parentId: options.parentId,
        definition: options.definition,
        definitionEach: options.definitionEach,
        eventFrames: options.eventFrames ?? false,
        maxQueued: options.maxQueued ?? 1_000_000,
        retryMs: options.retryMs ?? 2000,
        fields: FIELDS,
      },
    });
    this.worker.on('message', (m: { t: string; message?: string }) => {
      if (m.t === 'error') options.onError?.(m.message ?? 'inspector error');
      if (m.t === 'open') options.onOpen?.();
    });
    this.worker.on('error', (err) => options.onError?.(`inspector thread: ${err.message}`));
    // The run must be able to end while the inspector is still connected.
    this.worker.unref();
  }

  ticket(event: TicketTransition): void {
    if (this.closed) return;
    if ((this.count + 1) * FIELDS > this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    if (event.index >= this.named) this.names.push([event.index, event.ticket]);
    const o = this.count * FIELDS;
    const d = this.data;
    d[o] = event.index;
    d[o + 1] = stateCode.get(event.from) ?? 0;
    d[o + 2] = stateCode.get(event.to) ?? 0;
    d[o + 3] = eventCode.get(event.event) ?? 0;
    d[o + 4] = event.attempt;
    d[o + 5] = event.agentId === undefined ? -1 : this.agentCode(event.agentId);
    d[o + 6] = event.at;
    const note = event.error?.message ?? event.reason;
    if (note !== undefined) this.notes.push([this.count, note]);
    this.count++;
    this.schedule();
  }

  /** A ready-made protocol event (the supervisor's and agents', few). */
  extra(event: object): void {
    if (this.closed) return;
    this.extras.push(event);
    this.schedule();
  }

  /** Sends what is left, waits (up to `timeoutMs`) for the inspector to have it, and ends the thread. */
  close(timeoutMs = 2000): Promise<{ sent: number; dropped: number }> {
    if (this.closed) return this.closed;
    this.flush();
    const closed = new Promise<{ sent: number; dropped: number }>((resolve) => {
      const onMessage = (m: { t: string; sent?: number; dropped?: number }) => {
        if (m.t !== 'closed') return;
        this.worker.off('message', onMessage);
        resolve({ sent: m.sent ?? 0, dropped: m.dropped ?? 0 });
      };
      this.worker.on('message', onMessage);
      // A thread that died cannot answer: what it sent is unknown.
      this.worker.once('exit', () => resolve({ sent: Number.NaN, dropped: Number.NaN }));
      this.worker.ref();
      this.worker.postMessage({ t: 'close', timeoutMs });
    });
    this.closed = closed.then(async (stats) => {
      await this.worker.terminate();
      return stats;
    });
    return this.closed;
  }

  private agentCode(id: string): number {
    let code = this.agentCodes.get(id);
    if (code === undefined) {
      code = this.agentCodes.size;
      this.agentCodes.set(id, code);
      this.agents.push([code, id]);
    }
    return code;
  }

  /**
   * Batches go every FLUSH_MS, or sooner when BATCH_MAX transitions are
   * waiting: a hand-over per event-loop turn (thousands in a fast run) cost
   * more in message passing than the transitions themselves. An inspector
   * sees events at most FLUSH_MS late, which no person notices.
   */
  private schedule(): void {
    if (this.count >= BATCH_MAX) {
      this.flush();
      return;
    }
    if (this.scheduled) return;
    this.scheduled = true;
    this.timer = setTimeout(() => this.flush(), FLUSH_MS);
  }

  private flush(): void {
    this.scheduled = false;
    clearTimeout(this.timer);
    if (this.count === 0 && this.extras.length === 0) return;
    const buffer = this.data.buffer.slice(0, this.count * FIELDS * 8);
    this.worker.postMessage({ t: 'batch', data: buffer, count: this.count, notes: this.notes, extras: this.extras, names: this.names, agents: this.agents }, [buffer]);
    this.count = 0;
    this.notes = [];
    this.extras = [];
    this.names = [];
    this.agents = [];
  }
}
