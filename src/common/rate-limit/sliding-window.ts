/**
 * Two-window sliding counter: the previous window's count, weighted by how much of it still
 * overlaps the sliding minute, plus the current window's count. O(1) memory and work per hit,
 * unlike a log of every hit. The arithmetic is shared by the memory and Redis stores.
 */
export interface WindowCounts {
  /** Hits counted in the current fixed window (after this hit when it was allowed). */
  readonly current: number;
  /** Hits counted in the window before it. */
  readonly previous: number;
  /** Milliseconds since the current window began. */
  readonly elapsedMs: number;
}

export interface WindowDecision {
  readonly allowed: boolean;
  /** The sliding estimate of hits in the last window, this one included when allowed. */
  readonly used: number;
  readonly remaining: number;
  /** Seconds until the current fixed window ends. */
  readonly resetSeconds: number;
  /** Seconds until a new hit would be allowed (0 when allowed). */
  readonly retryAfterSeconds: number;
}

const weightOfPrevious = (elapsedMs: number, windowMs: number): number =>
  (windowMs - elapsedMs) / windowMs;

/** Whether a hit that sees these counts (before counting itself) may pass. */
export function admits(counts: WindowCounts, limit: number, windowMs: number): boolean {
  return counts.previous * weightOfPrevious(counts.elapsedMs, windowMs) + counts.current < limit;
}

/**
 * Milliseconds until the estimate reaches `limit` from above, if nothing else arrives; a hit is
 * admitted from the next instant on. Retry-After rounds this up to whole seconds.
 */
function msUntilAdmitted(counts: WindowCounts, limit: number, windowMs: number): number {
  const { current, previous, elapsedMs } = counts;
  if (current >= limit) {
    // Only the next window can help: there `current` becomes the decaying previous count.
    const intoNext = windowMs * (1 - limit / current);
    return windowMs - elapsedMs + intoNext;
  }
  const admittedAt = windowMs * (1 - (limit - current) / previous);
  return Math.max(0, admittedAt - elapsedMs);
}

/** Turns counts read after a hit (`allowed`) or without it (refused) into the answer. */
export function decide(
  counts: WindowCounts,
  allowed: boolean,
  limit: number,
  windowMs: number,
): WindowDecision {
  const estimate = counts.previous * weightOfPrevious(counts.elapsedMs, windowMs) + counts.current;
  const used = Math.min(limit, Math.ceil(estimate));
  const retryMs = allowed ? 0 : msUntilAdmitted(counts, limit, windowMs);
  return {
    allowed,
    used,
    remaining: Math.max(0, limit - used),
    resetSeconds: Math.max(1, Math.ceil((windowMs - counts.elapsedMs) / 1000)),
    retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil(retryMs / 1000)),
  };
}
