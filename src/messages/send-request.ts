import type { Channel } from './message.model';

/** A send as a channel module hands it over: validated, normalised and rendered. */
export interface SendRequest {
  readonly channel: Channel;
  readonly to: readonly string[];
  readonly content: Readonly<Record<string, unknown>>;
  readonly metadata?: Readonly<Record<string, string>>;
  readonly scheduledAt?: Date;
  readonly priority?: number;
  readonly callbackUrl?: string;
  readonly provider?: string;
  /** The request body as received, for idempotency comparison. */
  readonly body: unknown;
}

/** How the caller wants the answer: `Idempotency-Key` and `Prefer: wait=N`. */
export interface SendOptions {
  readonly idempotencyKey?: string;
  /** Seconds to hold the answer for the first outcome (0..30). */
  readonly waitSeconds?: number;
}
