import type { WindowDecision } from './sliding-window';

/** Counts one hit against `key`'s budget of `limit` per `windowMs`; refused hits are not counted. */
export abstract class RateLimitStore {
  abstract hit(key: string, limit: number, windowMs: number): Promise<WindowDecision>;
  /** What a hit would be told now, without counting one: a refused caller is refused early. */
  abstract peek(key: string, limit: number, windowMs: number): Promise<WindowDecision>;
}
