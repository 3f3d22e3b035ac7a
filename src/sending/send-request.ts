import type { Channel } from '../contract/channel';

/**
 * Data a send keeps apart from its message record (attachment bytes). It is saved under the
 * new message's id before the message is written, so a worker never finds the message without
 * it, and dropped again when the message is not created after all (an idempotent replay).
 */
export interface SendStash {
  save(messageId: string): Promise<void>;
  drop(messageId: string): Promise<void>;
}

/** A send as a channel module hands it over: validated, normalised and rendered. */
export interface SendRequest {
  readonly channel: Channel;
  readonly to: readonly string[];
  readonly content: Readonly<Record<string, unknown>>;
  /** Content that is a credential: stored sealed with ENCRYPTION_KEY, never shown. */
  readonly secretContent?: Readonly<Record<string, unknown>>;
  readonly metadata?: Readonly<Record<string, string>>;
  readonly scheduledAt?: Date;
  readonly priority?: number;
  readonly callbackUrl?: string;
  readonly provider?: string;
  /** The request's phone numbers by field, checked as strictly as the app wants. */
  readonly phoneNumbers?: Readonly<Record<string, string>>;
  /** The request body as received, for idempotency comparison. */
  readonly body: unknown;
  readonly stash?: SendStash;
}

/**
 * How the caller wants the answer (`Idempotency-Key`, `Prefer: wait=N`), and the caller's own
 * reference for the message, which the dialects that key their tasks by one give.
 */
export interface SendOptions {
  readonly idempotencyKey?: string;
  readonly reference?: string;
  /** Seconds to hold the answer for the first outcome (0..30). */
  readonly waitSeconds?: number;
}

/** The phone numbers among a request's fields: given ones written with `+` (not a sender name). */
export const phoneNumbersOf = (
  fields: Readonly<Record<string, string | undefined>>,
): Record<string, string> =>
  Object.fromEntries(
    Object.entries(fields).filter(
      (field): field is [string, string] => field[1]?.startsWith('+') === true,
    ),
  );
