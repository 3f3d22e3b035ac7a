import type { Attempt, Message, Route } from './message.model';
import { canMove } from '../contract/message-status';
import type { Channel } from '../contract/channel';
import type { MessageStatus } from '../contract/message-status';
import { AppScope } from '../identity/app-scope';
import { ReportedStatus, RecipientRule, ProviderReport } from '../contract/provider-report';
import type { MessageEvent } from '../contract/message-event';

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
  readonly limit: number;
  /** Newest first: the page starts after this position (exclusive). */
  readonly cursor?: MessagePosition;
  /** Offset paging for admin front ends; answered with `total`. Ignored when a cursor is set. */
  readonly offset?: number;
}

/** A place in the newest-first order; (createdAt, id) is unique and stable under inserts. */
export interface MessagePosition {
  readonly createdAt: Date;
  readonly id: string;
}

export interface MessagePage {
  readonly items: readonly Message[];
  /** Position of the last item when more may follow. */
  readonly next?: MessagePosition;
  /** Count of all matches, when offset paging was asked for. */
  readonly total?: number;
}

export type CancelOutcome =
  | { readonly kind: 'canceled'; readonly message: Message }
  | { readonly kind: 'not_found' }
  | { readonly kind: 'not_cancelable'; readonly status: MessageStatus };

/** The result of one attempt, applied atomically by the claim holder. */
export interface AttemptResult {
  readonly attempt: Attempt;
  readonly status: MessageStatus;
  readonly route: Route;
  /** Absent when the status is final (or SENT/DELIVERED). */
  readonly nextAttemptAt?: Date;
  readonly events: readonly MessageEvent[];
  readonly providerStatus?: string;
}

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

export type ReportEffect =
  | { readonly kind: 'sending' | 'record' | 'none' }
  | { readonly kind: 'move'; readonly status: ReportedStatus };

/** Two events say the same thing: they differ at most in when they were seen. */
const sameEvent = (a: MessageEvent, b: MessageEvent): boolean =>
  a.type === b.type && a.detail === b.detail && a.recipient === b.recipient;

/**
 * What a report does to a message, for every adapter alike. It moves the status forward, or,
 * when it means the status the message has (or none), appends an event not yet recorded; a
 * report behind the message (a late `sent` after `delivered`) or one seen before writes
 * nothing. A message being sent is left to its claim holder, whose `complete` needs it SENDING.
 * A report about one recipient follows its `RecipientRule`.
 */
export function reportEffect(
  current: Pick<Message, 'status' | 'events'>,
  report: ProviderReport,
): ReportEffect {
  if (current.status === 'SENDING') return { kind: 'sending' };
  if (report.byRecipient) return recipientReportEffect(current, report, report.byRecipient);
  const { status } = report;
  if (status !== undefined && canMove(current.status, status)) return { kind: 'move', status };
  const keepsStatus = status === undefined || status === current.status;
  const seen = current.events.some((event) => sameEvent(event, report.event));
  return { kind: keepsStatus && !seen ? 'record' : 'none' };
}

function recipientReportEffect(
  current: Pick<Message, 'status' | 'events'>,
  report: ProviderReport,
  rule: RecipientRule,
): ReportEffect {
  if (current.events.some((event) => sameEvent(event, report.event))) return { kind: 'none' };
  const events = [...current.events, report.event];
  const settled = (recipient: string): boolean =>
    events.some((event) => event.recipient === recipient && rule.settles(event));
  const { status } = report;
  if (status !== undefined && rule.recipients.every(settled) && canMove(current.status, status)) {
    return { kind: 'move', status };
  }
  return { kind: 'record' };
}

/** A message the sweeper found waiting with no live queue entry or claim. */
export interface DueMessage {
  readonly id: string;
  readonly priority: number;
  readonly attempts: number;
  /** Found SENDING under a claim that lapsed: its worker died. */
  readonly lapsed: boolean;
}

/**
 * Persistence of messages. Two adapters, MongoDB and memory, pass one contract suite
 * (test/contract/message-store.contract.ts). Reads for callers take an `AppScope`; admin reads
 * across apps go through the `…AcrossApps` methods; the dispatch methods address messages by
 * id because their ids come from the queue, never from a caller.
 */
export abstract class MessageStore {
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
   * Takes the message for sending, atomically: only when it is pending and due, or SENDING with
   * an expired claim. Undefined when someone else has it, it is not due, or it is final.
   */
  abstract claim(
    id: string,
    owner: string,
    now: Date,
    leaseMs: number,
  ): Promise<Message | undefined>;
  /** Records an attempt and releases the claim; undefined when `owner` no longer holds it. */
  abstract complete(
    id: string,
    owner: string,
    result: AttemptResult,
    now: Date,
  ): Promise<Message | undefined>;
  /** Gives a claim back (shutdown) so that another worker may take the message at once. */
  abstract release(id: string, owner: string, now: Date): Promise<void>;
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
  /** Appends events (callback deliveries, provider reports) to a message. */
  abstract appendEvents(id: string, events: readonly MessageEvent[], now: Date): Promise<void>;
  /**
   * Messages due before `dueBefore` and not being sent (pending, or SENDING with an expired
   * claim), highest priority first.
   */
  abstract findDue(dueBefore: Date, limit: number): Promise<readonly DueMessage[]>;
  /** Deletes messages whose retention ended; returns how many. */
  abstract purgeExpired(now: Date): Promise<number>;
}
