import type { WindowDecision } from './sliding-window';

/** Counts one hit against `key`'s budget of `limit` per `windowMs`; refused hits are not counted. */
export abstract class RateLimitStore {
  abstract hit(key: string, limit: number, windowMs: number): Promise<WindowDecision>;
}
