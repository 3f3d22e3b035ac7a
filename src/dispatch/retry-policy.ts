/**
 * Delay before retry number `retry` (1 for the first retry) on the same provider: exponential
 * from `baseMs`, capped at `maxMs`, with "equal jitter" (half fixed, half random) so that
 * retries of many messages spread out instead of arriving together.
 */
export function backoffMs(
  retry: number,
  baseMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const exponential = Math.min(maxMs, baseMs * 2 ** Math.max(0, retry - 1));
  return Math.round(exponential / 2 + (random() * exponential) / 2);
}
