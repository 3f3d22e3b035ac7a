/**
 * Send-rate caps by key (a provider id): the sends of one key are spaced `1000 / perSecond` ms
 * apart, whichever process makes them. A send reserves the next free slot and waits until it, so
 * sends beyond the rate wait their turn instead of failing. A token bucket that holds one token,
 * kept as the time its next token comes. Two adapters: Redis (shared by every worker, one Lua call
 * per reservation) and memory (one process); both pass test/stores/send-rate-caps.contract.ts.
 */
export abstract class SendRateCaps {
  /** Takes the next free slot of `key` at `perSecond`; resolves with the milliseconds until it. */
  abstract reserve(key: string, perSecond: number): Promise<number>;
  /** How long a send reserved now would wait, in milliseconds; reserves nothing. */
  abstract currentWait(key: string): Promise<number>;
}

/** The spacing of two sends at `perSecond`, in milliseconds. */
export const slotMs = (perSecond: number): number => 1000 / perSecond;
