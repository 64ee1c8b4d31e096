/**
 * Stretches of time during which "too much was running" for some ticket:
 * every agent of a type busy, a resource's units in use beyond what a ticket
 * could still take, an isolated or conflicting ticket running. Answers "how
 * much of [a, b) was covered" in O(log n), so that explaining a long wait does
 * not cost one step per ticket that ran meanwhile.
 */

/** Something holding `weight` units from `from` to `to`. */
export interface WeightedInterval {
  from: number;
  to: number;
  weight: number;
  ticket: number;
}

/** A covered stretch, and the ticket whose end uncovered it. */
export interface Stretch {
  from: number;
  to: number;
  /** The ticket whose end brought the level back to the limit (the one that let the waiter go). */
  closer: number;
}

export interface StretchIndex {
  /** Milliseconds of [a, b) covered. */
  within(a: number, b: number): number;
  /** How many stretches overlap (a, b). */
  count(a: number, b: number): number;
  /** The stretches overlapping (a, b), clipped to it, oldest first. */
  between(a: number, b: number): Stretch[];
  /** The last stretch that ends in (a, b], unclipped. */
  lastEndIn(a: number, b: number): Stretch | undefined;
}

/**
 * Builds the stretches where Σ weight of the intervals running exceeds
 * `limit` (strictly). At equal times ends are applied before starts, so a
 * hand-over (one ticket ends, the next starts at once) splits a stretch in
 * two: each piece then names the ticket whose end closed it.
 *
 * @example every agent of a 2-agent pool busy: buildStretchIndex(intervals of the type, 1)
 */
export function buildStretchIndex(intervals: Iterable<WeightedInterval>, limit: number): StretchIndex {
  const events: Array<[at: number, delta: number, ticket: number]> = [];
  for (const iv of intervals) {
    if (!(iv.to > iv.from) || !(iv.weight > 0)) continue;
    events.push([iv.from, iv.weight, iv.ticket], [iv.to, -iv.weight, iv.ticket]);
  }
  events.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const stretches: Stretch[] = [];
  let level = 0;
  let openedAt: number | undefined;
  // Tolerance: weights may be fractional units.
  const over = () => level > limit + 1e-9;
  for (const [at, delta, ticket] of events) {
    level += delta;
    if (openedAt === undefined && over()) openedAt = at;
    else if (openedAt !== undefined && !over()) {
      if (at > openedAt) stretches.push({ from: openedAt, to: at, closer: ticket });
      openedAt = undefined;
    }
  }
  const cumulative = new Float64Array(stretches.length + 1);
  stretches.forEach((s, i) => (cumulative[i + 1] = cumulative[i]! + (s.to - s.from)));

  /** First stretch whose end is after `a`. */
  const firstEndingAfter = (a: number) => {
    let lo = 0;
    let hi = stretches.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (stretches[mid]!.to > a) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
  /** One past the last stretch that starts before `b`. */
  const endStartingBefore = (b: number) => {
    let lo = 0;
    let hi = stretches.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (stretches[mid]!.from < b) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };

  return {
    within(a, b) {
      if (!(b > a)) return 0;
      const i = firstEndingAfter(a);
      const j = endStartingBefore(b);
      if (i >= j) return 0;
      const head = Math.max(0, a - stretches[i]!.from);
      const tail = Math.max(0, stretches[j - 1]!.to - b);
      return cumulative[j]! - cumulative[i]! - head - tail;
    },
    count(a, b) {
      return b > a ? Math.max(0, endStartingBefore(b) - firstEndingAfter(a)) : 0;
    },
    between(a, b) {
      const out: Stretch[] = [];
      if (!(b > a)) return out;
      const j = endStartingBefore(b);
      for (let i = firstEndingAfter(a); i < j; i++) {
        const s = stretches[i]!;
        out.push({ from: Math.max(a, s.from), to: Math.min(b, s.to), closer: s.closer });
      }
      return out;
    },
    lastEndIn(a, b) {
      // The last stretch ending at or before b.
      let lo = 0;
      let hi = stretches.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (stretches[mid]!.to <= b) lo = mid + 1;
        else hi = mid;
      }
      const s = stretches[lo - 1];
      return s && s.to > a ? s : undefined;
    },
  };
}
