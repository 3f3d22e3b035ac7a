import type {
  Attempt,
  Channel,
  Message,
  MessageEvent,
  MessageStatus,
  Route,
} from './message.model';

/**
 * A tenant's view: every message query that serves a caller takes one, so a query without an
 * app id does not compile. Build it only from the caller's credentials (`scopeOf`).
 */
export interface AppScope {
  readonly appId: string;
}

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

/** What an idempotency key points at. */
export interface IdempotencyRecord {
  readonly messageId: string;
  readonly requestHash: string;
}

export type InsertOutcome =
  | { readonly kind: 'created'; readonly message: Message }
  /** The key was used before, within its lifetime: the first message (and its request hash). */
  | { readonly kind: 'replayed'; readonly message: Message; readonly requestHash: string };

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
  /**
   * Stores a new message. With an idempotency key (scoped to the app, alive until
   * `message.idempotencyExpiresAt`) a second insert with the same key returns the first message
   * instead, even when both race.
   */
  abstract insert(message: Message): Promise<InsertOutcome>;

  abstract get(scope: AppScope, id: string): Promise<Message | undefined>;
  abstract list(scope: AppScope, query: MessageQuery): Promise<MessagePage>;
  abstract cancel(scope: AppScope, id: string, at: Date): Promise<CancelOutcome>;

  abstract getAcrossApps(id: string): Promise<Message | undefined>;
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
