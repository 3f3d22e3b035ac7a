import type { TraceCarrier } from '../../common/tracing/spans';

/** Where one status callback stands: waiting for a try, delivered, or given up on. */
export type CallbackState = 'PENDING' | 'DELIVERED' | 'FAILED';

/** One try of a callback: the HTTP status it got, or why it got none. */
export interface CallbackTry {
  readonly at: Date;
  readonly status?: number;
  readonly error?: string;
}

/**
 * One status callback of a message, kept in the store until it is delivered or given up on, so
 * that a restart or another instance carries on with it (the outbox).
 */
export interface CallbackRecord {
  readonly id: string;
  /** Sent as `Switchboard-Event-Id`: a replay sends the same event again under its own id. */
  readonly eventId: string;
  readonly appId: string;
  readonly messageId: string;
  /** The message status the callback announces, or the event it tells of (`message.event`). */
  readonly status: string;
  readonly url: string;
  /** The JSON body, serialised once when the status changed. */
  readonly body: string;
  readonly state: CallbackState;
  readonly tries: readonly CallbackTry[];
  readonly nextTryAt: Date;
  /** Orders a message's callbacks: one is tried only when every earlier one is done. */
  readonly sequence: number;
  readonly createdAt: Date;
  /** The trace of the change the callback announces: each try is a span of it. */
  readonly trace?: TraceCarrier;
}

/** What a try changes of a leased record. */
export interface CallbackOutcome {
  readonly try: CallbackTry;
  readonly state: CallbackState;
  readonly nextTryAt: Date;
}

/**
 * The callbacks waiting to be delivered. A worker leases a due record (so that no other
 * instance tries it meanwhile), tries it once and records the outcome; a lease whose worker
 * died lapses and the record is tried again.
 */
export abstract class CallbackOutbox {
  abstract add(records: readonly CallbackRecord[]): Promise<void>;

  /**
   * Leases the oldest due PENDING record whose message has no earlier PENDING one (per-message
   * order), until `leaseUntil`; undefined when none is due.
   */
  abstract lease(now: Date, leaseUntil: Date): Promise<CallbackRecord | undefined>;

  /** Records a try of a record leased at `leasedUntil` and ends the lease. */
  abstract settle(id: string, outcome: CallbackOutcome): Promise<void>;

  /** A message's callbacks in the order they were made. */
  abstract forMessage(messageId: string): Promise<CallbackRecord[]>;

  /** How many callbacks are neither delivered nor given up on, in every process. */
  abstract pending(): Promise<number>;

  /**
   * Deletes the delivered and given-up records made at or before `before` (their retention
   * ended, as their messages' does); returns how many. Pending records stay: they are still tried.
   */
  abstract purgeSettled(before: Date): Promise<number>;
}

/** The states a record ends in. */
export const SETTLED_STATES: readonly CallbackState[] = ['DELIVERED', 'FAILED'];

/** Later records sort after earlier ones: within one millisecond, by a counter. */
export function sequenceAt(nowMs: number, counter: number): number {
  return nowMs * 1000 + (counter % 1000);
}
