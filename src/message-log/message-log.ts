import type { KeysetPage, TimePosition } from '../common/database/keyset';
import type { Channel } from '../contract/channel';
import type { MessageEvent } from '../contract/message-event';
import type { MessageStatus } from '../contract/message-status';
import type { ProviderReport } from '../contract/provider-report';
import type { AppScope } from '../identity/app-scope';
import type { EngagementEntry } from './engagement-effect';
import type { EngagementCounts, Message } from './message.model';

export interface MessageQuery {
  readonly channel?: Channel;
  readonly status?: MessageStatus;
  /** Matches messages with this destination among `to`. */
  readonly to?: string;
  /** createdAt at or after. */
  readonly after?: Date;
  /** createdAt at or before. */
  readonly before?: Date;
  /** Every pair must match. */
  readonly metadata?: Readonly<Record<string, string>>;
  /** Matches messages with an event of this type (`opened`, `bounced` ...). */
  readonly event?: string;
  /** The messages of one broadcast. */
  readonly broadcastId?: string;
  /** The messages the caller gave this reference. */
  readonly reference?: string;
  readonly limit: number;
  /** Newest first: the page starts after this position (exclusive). */
  readonly cursor?: MessagePosition;
  /** Offset paging for admin front ends. Ignored when a cursor is set. */
  readonly offset?: number;
  /** Count the matches (bounded), answered as `total`. */
  readonly count?: boolean;
  /**
   * List summaries: each message without its content (bodies, attachment details, sealed
   * parts), which the store does not even read. A page of large emails then costs what their
   * envelopes cost.
   */
  readonly summary?: boolean;
}

/** A place in the newest-first order; (createdAt, id) is unique and stable under inserts. */
export type MessagePosition = TimePosition;

/** A message as a list holds it: whole, or a summary without its content. */
export type ListedMessage = Omit<Message, 'content' | 'sealedContent'> &
  Partial<Pick<Message, 'content' | 'sealedContent'>>;

/** The message as a summary lists it: without `content` and `sealedContent`. */
export function summaryOf(message: Message): ListedMessage {
  const summary: { -readonly [K in keyof ListedMessage]: ListedMessage[K] } = { ...message };
  delete summary.content;
  delete summary.sealedContent;
  return summary;
}

export type MessagePage = KeysetPage<ListedMessage, MessagePosition>;

export type CancelOutcome =
  | { readonly kind: 'canceled'; readonly message: Message }
  | { readonly kind: 'not_found' }
  | { readonly kind: 'not_cancelable'; readonly status: MessageStatus };

/** The sealed content of a message sealed anew, or undefined to leave it as it is. */
export type ContentResealer = (
  message: Pick<Message, 'id' | 'appId'> & { readonly sealedContent: string },
) => string | undefined;

export type ReportOutcome =
  /** The status moved forward; the event was appended. */
  | { readonly kind: 'moved'; readonly message: Message }
  /** The status stayed; the report brought an event not recorded before. */
  | { readonly kind: 'recorded'; readonly message: Message }
  /** A late or repeated report: nothing was written. */
  | { readonly kind: 'unchanged'; readonly message: Message }
  /** The message is being sent: its claim holder records the attempt first. Nothing was written. */
  | { readonly kind: 'sending' }
  | { readonly kind: 'not_found' };

export type EngagementOutcome =
  /** The counts grew; the event was appended unless the message keeps enough of its kind. */
  | { readonly kind: 'recorded'; readonly message: Message }
  /** An unsubscribe of that recipient was recorded before: nothing was written. */
  | { readonly kind: 'repeated'; readonly message: Message }
  | { readonly kind: 'not_found' };

/** What an engagement summary reads of each email message. */
export interface EngagementFacts {
  readonly createdAt: Date;
  /** The stored template the message was rendered from. */
  readonly templateId?: string;
  readonly status: Message['status'];
  readonly attempts: Message['attempts'];
  readonly events: Message['events'];
  readonly engagement?: EngagementCounts;
}

/** The email messages of one app created in [from, to), oldest first, at most `limit`. */
export interface EngagementFactsQuery {
  readonly from: Date;
  readonly to: Date;
  readonly limit: number;
}

/**
 * The log of messages: one record per send, its status, attempts and events. Two adapters,
 * MongoDB and memory, pass one contract suite (test/stores/message-log.contract.ts). Reads for
 * callers take an `AppScope`; admin reads across apps go through the `…AcrossApps` methods.
 * Sending is `DispatchClaims`' protocol over the same records; idempotency keys are
 * `IdempotencyKeys`'.
 */
export abstract class MessageLog {
  /** Stores a new message; a DuplicateKeyError when its id is taken. */
  abstract insert(message: Message): Promise<void>;

  abstract get(scope: AppScope, id: string): Promise<Message | undefined>;
  abstract list(scope: AppScope, query: MessageQuery): Promise<MessagePage>;
  abstract cancel(scope: AppScope, id: string, at: Date): Promise<CancelOutcome>;

  abstract getAcrossApps(id: string): Promise<Message | undefined>;
  /**
   * The message a provider knows by `providerMessageId`, whatever its app: provider ids are
   * unique across apps, and a provider's callback names no app.
   */
  abstract findByProviderMessageIdAcrossApps(
    providerMessageId: string,
  ): Promise<Message | undefined>;
  /** Admin listing: every app, or one when `appId` is given. */
  abstract listAcrossApps(query: MessageQuery & { readonly appId?: string }): Promise<MessagePage>;

  /**
   * Applies a provider's report to a message of the app, as `reportEffect` rules: the status
   * only moves forward; a report that changes nothing leaves the message exactly as it was
   * (`updatedAt` included). A move to a status after sending clears `nextAttemptAt`.
   */
  abstract applyProviderReport(
    scope: AppScope,
    id: string,
    report: ProviderReport,
    now: Date,
  ): Promise<ReportOutcome>;
  /**
   * Records an open, click or unsubscribe on a message of the app, as `engagementEffect`
   * rules: counts, first times, and the event while the message keeps fewer than its cap.
   */
  abstract recordEngagement(
    scope: AppScope,
    id: string,
    entry: EngagementEntry,
    now: Date,
  ): Promise<EngagementOutcome>;
  /** What a summary of the app's email engagement needs, message by message. */
  abstract engagementFacts(
    scope: AppScope,
    query: EngagementFactsQuery,
  ): Promise<readonly EngagementFacts[]>;
  /** Appends events (callback deliveries, provider reports) to a message. */
  abstract appendEvents(id: string, events: readonly MessageEvent[], now: Date): Promise<void>;
  /** Deletes messages whose retention ended; returns how many. */
  abstract purgeExpired(now: Date): Promise<number>;
  /**
   * Gives every message's `sealedContent` to `reseal` and stores what it answers in its place
   * (undefined: leave it); returns how many were rewritten. For `cli re-encrypt`.
   */
  abstract resealContent(reseal: ContentResealer): Promise<number>;
}
