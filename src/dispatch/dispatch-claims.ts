import type { MessageEvent } from '../contract/message-event';
import { PENDING_STATUSES, type MessageStatus } from '../contract/message-status';
import type { Attempt, Message, Route } from '../message-log/message.model';

/** The result of one attempt, applied atomically by the claim holder. */
export interface AttemptResult {
  readonly attempt: Attempt;
  readonly status: MessageStatus;
  readonly route: Route;
  /** Absent when the status is final (or SENT/DELIVERED). */
  readonly nextAttemptAt?: Date;
  readonly events: readonly MessageEvent[];
  readonly providerStatus?: string;
  /** Ids of further copies the provider sent (one per recipient), recorded beside the attempt's. */
  readonly copyMessageIds?: readonly string[];
}

/** Every provider message id an attempt brought, each once. */
export const providerMessageIdsOf = (result: AttemptResult): string[] => [
  ...new Set(
    [result.attempt.providerMessageId, ...(result.copyMessageIds ?? [])].filter(
      (id): id is string => id !== undefined,
    ),
  ),
];

/** A message the sweeper found waiting with no live queue entry or claim. */
export interface DueMessage {
  readonly id: string;
  readonly priority: number;
  readonly attempts: number;
  /** Found SENDING under a claim that lapsed: its worker died. */
  readonly lapsed: boolean;
}

/**
 * The dispatch protocol over the message log's records: a worker claims a message, so that a
 * duplicate queue entry never sends it twice, records its attempt and gives the claim back.
 * Two adapters, MongoDB and memory, pass one contract suite
 * (test/stores/dispatch-claims*.contract.ts). Messages are addressed by id: their ids come from
 * the queue, never from a caller.
 */
export abstract class DispatchClaims {
  /**
   * Takes the message for sending, atomically: only when it is pending and due, or SENDING with
   * an expired claim. Undefined when someone else has it, it is not due, or it is final.
   * `attempts`, when given, is how many attempts the caller expects recorded (its job's): an
   * adapter may try the claim of that attempt first, and claim nothing for a job whose attempt
   * is held or already taken (its next step has a job of its own).
   */
  abstract claim(
    id: string,
    owner: string,
    now: Date,
    leaseMs: number,
    attempts?: number,
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
   * Gives a claim back without an attempt, the send put off until `until` (its provider's
   * send-rate slot): the message is pending again (QUEUED before its first attempt, RETRYING
   * after) and due then. False when `owner` no longer holds it.
   */
  abstract defer(id: string, owner: string, until: Date, now: Date): Promise<boolean>;
  /**
   * When the longest-waiting message became due (its `nextAttemptAt`), among the pending ones
   * due at `now`; undefined when none waits.
   */
  abstract oldestWaiting(now: Date): Promise<Date | undefined>;
  /**
   * Messages due before `dueBefore` and not being sent (pending, or SENDING with an expired
   * claim), highest priority first.
   */
  abstract findDue(dueBefore: Date, limit: number): Promise<readonly DueMessage[]>;
  /** Deletes what the protocol kept of claims that can no longer matter. */
  abstract purgeExpired(now: Date): Promise<void>;
}

/** The status of a message given back without an attempt: waiting for its first, or its next. */
export const pendingStatusOf = (message: Pick<Message, 'attempts'>): MessageStatus =>
  message.attempts.length === 0 ? 'QUEUED' : 'RETRYING';

/** Whether the message waits for a worker and is due at `at`. */
export const isWaiting = (message: Pick<Message, 'status' | 'nextAttemptAt'>, at: Date): boolean =>
  PENDING_STATUSES.includes(message.status) &&
  message.nextAttemptAt !== undefined &&
  message.nextAttemptAt <= at;

/** The sweeper's order: highest priority first, then the longest due, then by id. */
export const dueOrder = (
  a: Pick<Message, 'id' | 'priority' | 'nextAttemptAt'>,
  b: Pick<Message, 'id' | 'priority' | 'nextAttemptAt'>,
): number =>
  b.priority - a.priority ||
  (a.nextAttemptAt?.getTime() ?? 0) - (b.nextAttemptAt?.getTime() ?? 0) ||
  (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
