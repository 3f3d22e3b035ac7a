import type { Channel } from '../../contract/channel';
import type { MessageStatus } from '../../contract/message-status';

/** Why one channel of a broadcast was not accepted, in the API's error shape. */
export interface ChannelError {
  readonly code: string;
  readonly message: string;
  readonly details?: readonly unknown[];
}

/** What one channel of a broadcast came to when it was accepted (or refused). */
export interface ChannelOutcome {
  readonly channel: Channel;
  readonly success: boolean;
  /** The channel's message; also set when `Prefer: wait` saw that message fail. */
  readonly messageId?: string;
  /** The message's status when the broadcast was answered. */
  readonly status?: MessageStatus;
  readonly error?: ChannelError;
}

/** One broadcast: the messages it made, one per chosen channel, in the order asked for. */
export interface Broadcast {
  readonly id: string;
  readonly appId: string;
  readonly outcomes: readonly ChannelOutcome[];
  readonly idempotencyKey?: string;
  /** SHA-256 of the request, to tell a replay from a reuse of the key with another body. */
  readonly requestHash?: string;
  /** When the idempotency key may be used for a new broadcast. */
  readonly idempotencyExpiresAt?: Date;
  readonly createdAt: Date;
  /** Retention: after this the broadcast is gone, like its messages. */
  readonly expiresAt: Date;
}
