import { Channel } from '../contract/channel';
import { MessageStatus } from '../contract/message-status';
import { ErrorCategory } from '../contract/error-category';
import { MessageEvent } from '../contract/message-event';
import type { RequestedBy } from '../identity/requested-by';

/** One try with one provider, in the order they happened. */
export interface Attempt {
  readonly provider: string;
  /** The message status this attempt led to (RETRYING, SENT, DELIVERED, FAILED, UNDELIVERABLE). */
  readonly status: MessageStatus;
  readonly errorCategory?: ErrorCategory;
  readonly errorMessage?: string;
  readonly providerMessageId?: string;
  readonly durationMs: number;
  readonly timestamp: Date;
}

/** Where the dispatcher is in the provider chain. */
export interface Route {
  /** Index into the channel's provider chain (or 0 for a pinned provider). */
  readonly providerIndex: number;
  /** Attempts made on that provider so far. */
  readonly providerAttempts: number;
}

/** Who holds the message while it is being sent; expires so a crashed worker's claim lapses. */
export interface Claim {
  readonly owner: string;
  readonly expiresAt: Date;
}

/**
 * What recipients did with an email, counted: opens and clicks by people, and those made by
 * machines (privacy prefetches, link scanners) apart. Counted on, also beyond the events kept.
 */
export interface EngagementCounts {
  readonly opens: number;
  readonly clicks: number;
  readonly machineOpens: number;
  readonly machineClicks: number;
  readonly unsubscribes: number;
  /** The first open and click by a person. */
  readonly firstOpenedAt?: Date;
  readonly firstClickedAt?: Date;
}

/** One document per send: the source of truth for its status, attempts and events. */
export interface Message {
  readonly id: string;
  readonly appId: string;
  readonly channel: Channel;
  readonly status: MessageStatus;
  /** The destination as the channel defines it (E.164 number, email addresses ...). */
  readonly to: readonly string[];
  /** Rendered content, channel-specific; never attachment bytes or secrets. */
  readonly content: Readonly<Record<string, unknown>>;
  /**
   * Content that is a credential (a push subscription's keys), sealed with ENCRYPTION_KEY
   * (`sealed-content.ts`): opened only for the provider, never shown or logged.
   */
  readonly sealedContent?: string;
  readonly metadata: Readonly<Record<string, string>>;
  /** Who asked for it; absent on records written before it was kept. */
  readonly requestedBy?: RequestedBy;
  /** The broadcast it is one channel's part of. */
  readonly broadcastId?: string;
  /**
   * The caller's own name for the message (a task or campaign reference), by which it finds the
   * message again; not unique: the newest message with it is the one a look-up finds.
   */
  readonly reference?: string;
  readonly priority: number;
  readonly provider?: string;
  readonly callbackUrl?: string;
  readonly scheduledAt?: Date;
  /** When the next attempt is due; absent once final. */
  readonly nextAttemptAt?: Date;
  readonly claim?: Claim;
  readonly route: Route;
  readonly attempts: readonly Attempt[];
  readonly events: readonly MessageEvent[];
  readonly providerMessageIds: readonly string[];
  readonly providerStatus?: string;
  /** Opens, clicks and unsubscribes of an email; absent until the first is recorded. */
  readonly engagement?: EngagementCounts;
  readonly idempotencyKey?: string;
  /** SHA-256 of the request that created the message, to tell a replay from a conflicting reuse. */
  readonly requestHash?: string;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  /** Retention: the message is purged after this time. */
  readonly expiresAt: Date;
  /** Idempotency keys stop counting after this time. */
  readonly idempotencyExpiresAt?: Date;
}
