import type { TraceCarrier } from '../common/tracing/spans';
import type { SendSlot } from './providers/provider-pacer';

/** A unit of work: send (or retry) this message. */
export interface DispatchJob {
  readonly messageId: string;
  /** 0..10, higher first. */
  readonly priority: number;
  /** Run no earlier than this (scheduled sends, retry backoff). */
  readonly notBefore?: Date;
  /**
   * Attempts recorded so far: with the id it names the job, so that enqueueing the same step
   * twice (sweeper and worker) keeps one entry where the queue can tell.
   */
  readonly attempt: number;
  /**
   * Set by the sweeper for a message whose worker died mid-send: the queue may still hold that
   * worker's entry for the same step (BullMQ keeps it until it notices the stall), and this one
   * must not be folded into it.
   */
  readonly recovery?: boolean;
  /** The slot of its provider's send-rate cap it was put off until, and holds. */
  readonly slot?: SendSlot;
  /**
   * The trace context of whoever queued it (W3C trace-context headers): its send continues that
   * trace. The queue adds the active one when the job has none.
   */
  readonly trace?: TraceCarrier;
}

/** What a queue holds, for metrics. */
export interface QueueDepth {
  /** Ready to run, waiting for a worker. */
  readonly waiting: number;
  /** Waiting for their time: scheduled sends, retry backoff, send-rate slots. */
  readonly delayed: number;
  /** Being run. */
  readonly active: number;
}

export type DispatchHandler = (job: DispatchJob) => Promise<void>;

/**
 * The queue between accepting and sending. Two adapters: BullMQ on Redis and in-process; both
 * pass test/stores/dispatch-queue.contract.ts. The queue only carries ids: the store is the
 * source of truth, and a worker claims the message before sending, so a duplicate entry never
 * sends twice.
 */
export abstract class DispatchQueue {
  /** Resolves once the job is durably queued (for BullMQ: stored in Redis). */
  abstract enqueue(job: DispatchJob): Promise<void>;
  /** Starts consuming with at most `concurrency` handlers running at once. */
  abstract start(handler: DispatchHandler, concurrency: number): Promise<void>;
  /** Stops taking new jobs and waits for running handlers to finish. */
  abstract stop(): Promise<void>;
  /** Whether the queue's backing service answers (health). */
  abstract ping(): Promise<void>;
  /** How many jobs wait, wait for their time, or run, across every worker of the queue. */
  abstract depth(): Promise<QueueDepth>;
  abstract readonly kind: 'redis' | 'in-process';
}
