/**
 * Why a ready ticket did not start: one ready period split by cause, with the
 * tickets that held what it needed, and what held it last.
 */
import type { StretchIndex } from './buildStretchIndex.js';
import { buildStretchIndex } from './buildStretchIndex.js';
import { conflictKey } from './contendedKey.js';
import { WAIT_CAUSES, type LastBlock, type ReadyWait, type WaitCause } from './diagnosisTypes.js';
import type { RunIndex } from './indexRun.js';

/** Above this many covered stretches in one piece of a wait, holders are not named one by one (cost bound). */
const NAME_HOLDERS_UP_TO = 256;

interface Layer {
  cause: WaitCause;
  index: StretchIndex;
  /** Key of the contended thing, from the ticket that held it. */
  key: (closer: number | undefined) => string | undefined;
  resource?: string;
}

/** A piece of the wait not yet explained; `weight` < 1 once a layer too fragmented to split took its share. */
interface Piece {
  from: number;
  to: number;
  weight: number;
}

/**
 * Explains the ready period [from, to) of `ticket` by replaying the
 * dispatcher's rules against what the journal says was running, in the
 * dispatcher's order: the concurrency limit (`--strategy sequential`), then
 * isolation, conflicts, resources (not enough units free given what the
 * running tickets held), and last a full agent pool of its type. Each moment
 * goes to the first rule that held the ticket back. What none explains goes
 * to the dispatcher's own record of the wait (`waits` rows: `reserved`, or a
 * resource or conflict a live `adjust` made invisible to the replay) from the
 * moment it was recorded, and otherwise to `dispatch`: latency, a pause.
 *
 * Holders are named by the stretch they closed: for a mutex, a conflict or an
 * isolated ticket that is exactly who held it; for a resource with several
 * units or an agent pool, it is the ticket whose end let the waiter go.
 *
 * Limits: capacities and pool sizes are the plan's (a pool that grew is seen
 * from the most agents busy at once; a capacity changed live is not seen);
 * when one piece of a wait is covered by more than 256 separate stretches,
 * their holders are not named and the causes after it are shared out in
 * proportion rather than placed in time.
 */
export function explainReadyWait(index: RunIndex, ticket: number, from: number, to: number): ReadyWait {
  const { plan } = index;
  const t = plan.tickets[ticket]!;
  const id = (i: number) => plan.tickets[i]?.id ?? `#${i}`;
  const out: ReadyWait = { from, to, byCause: {}, blockers: new Map(), byKey: new Map(), last: undefined };
  if (!(to > from)) return out;

  const layers: Layer[] = [];
  if (plan.strategy === 'sequential') layers.push({ cause: 'concurrency', index: index.anyRunning(), key: () => 'concurrency' });
  layers.push({ cause: 'isolation', index: t.isolated ? index.anyRunning() : index.isolatedRunning(), key: () => 'isolation' });
  if (t.conflictsWith.length > 0) {
    const partners = t.conflictsWith.flatMap((c) => (index.byTicket[c] ?? []).map((iv) => ({ from: iv.from, to: iv.to, weight: 1, ticket: c })));
    layers.push({
      cause: 'conflict',
      index: buildStretchIndex(partners, 0),
      key: (closer) => (closer === undefined ? 'conflict' : conflictKey(id(Math.min(ticket, closer)), id(Math.max(ticket, closer)))),
    });
  }
  for (const [resource, units] of Object.entries(t.resources)) {
    if (units > 0) layers.push({ cause: 'resource', index: index.resourceFull(resource, units), key: () => `resource:${resource}`, resource });
  }
  layers.push({ cause: 'agent', index: index.agentsFull(t.agent), key: () => undefined });

  // The dispatcher's record, if it made one during this period: it explains what the replay cannot.
  const row = index.waitsOf(ticket).find((w) => w.at >= from && w.at < to);
  let pieces: Piece[] = row && row.at > from ? [{ from, to: row.at, weight: 1 }, { from: row.at, to, weight: 1 }] : [{ from, to, weight: 1 }];

  const add = (cause: WaitCause, ms: number, key: string | undefined, holder: number | undefined) => {
    if (!(ms > 0)) return;
    out.byCause[cause] = (out.byCause[cause] ?? 0) + ms;
    if (key !== undefined) {
      const entry = out.byKey.get(key) ?? { ms: 0, holders: new Set<number>() };
      entry.ms += ms;
      if (holder !== undefined) entry.holders.add(holder);
      out.byKey.set(key, entry);
    }
    if (holder !== undefined && cause !== 'agent') out.blockers.set(holder, (out.blockers.get(holder) ?? 0) + ms);
  };
  const candidate = (layer: Layer, until: number, blocker: number | undefined) => {
    // The latest block wins; at the same instant, the rule checked first (a ticket-level one).
    if (out.last && out.last.until >= until) return;
    const last: LastBlock = { cause: layer.cause, blocker, until, tail: 'dispatch' };
    if (layer.resource !== undefined) last.resource = layer.resource;
    out.last = last;
  };

  for (const layer of layers) {
    const next: Piece[] = [];
    for (const p of pieces) {
      const length = p.to - p.from;
      const covered = layer.index.within(p.from, p.to);
      if (!(covered > 0)) {
        next.push(p);
        continue;
      }
      const lastStretch = layer.index.lastEndIn(p.from, p.to);
      if (lastStretch) candidate(layer, lastStretch.to, lastStretch.closer);
      const stretches = layer.index.count(p.from, p.to);
      if (stretches <= NAME_HOLDERS_UP_TO) {
        let cursor = p.from;
        for (const s of layer.index.between(p.from, p.to)) {
          if (s.from > cursor) next.push({ from: cursor, to: s.from, weight: p.weight });
          add(layer.cause, (s.to - s.from) * p.weight, layer.key(s.closer), s.closer);
          cursor = s.to;
        }
        if (p.to > cursor) next.push({ from: cursor, to: p.to, weight: p.weight });
      } else {
        add(layer.cause, covered * p.weight, layer.key(undefined), undefined);
        if (covered < length) next.push({ from: p.from, to: p.to, weight: (p.weight * (length - covered)) / length });
      }
    }
    pieces = next;
    if (pieces.length === 0) break;
  }

  const recorded = row ? recordedCause(row.kind, row.on) : undefined;
  if (out.last && recorded && row && row.at <= out.last.until) out.last.tail = recorded.cause;
  for (const p of pieces) {
    const ms = (p.to - p.from) * p.weight;
    if (recorded && row && p.from >= row.at) add(recorded.cause, ms, recorded.key, undefined);
    else add('dispatch', ms, undefined, undefined);
  }
  return out;
}

/** The cause and contended key of a recorded wait (`on` is `database (held by DB-001)`, a ticket id, …). */
function recordedCause(kind: string, on: string): { cause: WaitCause; key: string } {
  const cause = (WAIT_CAUSES as readonly string[]).includes(kind) && kind !== 'agent' ? (kind as WaitCause) : 'dispatch';
  const name = on.replace(/ \(.*\)$/, '');
  return { cause, key: kind === 'resource' || kind === 'reserved' ? `${kind}:${name}` : kind };
}

/** The cause that took most of a wait. */
export function dominantCause(byCause: Partial<Record<WaitCause, number>>): WaitCause {
  let best: WaitCause = 'dispatch';
  let most = -1;
  for (const cause of WAIT_CAUSES) {
    const ms = byCause[cause] ?? 0;
    if (ms > most) {
      most = ms;
      best = cause;
    }
  }
  return best;
}
