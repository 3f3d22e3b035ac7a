import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import { type Job, Queue, Worker } from 'bullmq';
import Redis from 'ioredis';
import { Clock } from '../common/clock/clock';
import { withDeadline } from '../common/tasks/deadline';
import { currentTraceCarrier, type TraceCarrier } from '../common/tracing/spans';
import {
  type DispatchHandler,
  type DispatchJob,
  DispatchQueue,
  type QueueDepth,
} from './dispatch.queue';
import type { SendSlot } from './providers/provider-pacer';

export const DEFAULT_DISPATCH_QUEUE_NAME = 'switchboard-dispatch';

const JOB_NAME = 'dispatch';

/**
 * How long enqueue() and ping() wait for Redis. BullMQ waits without limit for a connection that
 * has never been ready; a request that accepted a message must not hang on it (the store holds
 * the message, and the sweeper enqueues it once Redis is back).
 */
const REDIS_DEADLINE_MS = 5_000;

/**
 * Failed jobs are kept for a post-mortem. The handler's errors are caught, so a job only fails in
 * BullMQ's sense when it stalled more often than allowed (its workers died under it).
 */
const KEEP_FAILED = { count: 1_000, age: 7 * 24 * 3600 };

/** What a job carries in Redis: JSON, so notBefore travels as epoch milliseconds. */
interface StoredJob {
  readonly messageId: string;
  readonly priority: number;
  readonly attempt: number;
  readonly notBefore?: number;
  readonly slot?: SendSlot;
  readonly trace?: TraceCarrier;
}

/** Our 0..10 with higher first onto BullMQ's 1..11 with smaller first (0 would mean "none"). */
function bullPriority(priority: number): number {
  const ours = Number.isFinite(priority) ? Math.round(Math.min(10, Math.max(0, priority))) : 0;
  return 11 - ours;
}

/**
 * The BullMQ job id of one step of one message. Not `messageId:attempt`: BullMQ refuses custom ids
 * with a colon (it reserves them for repeatable jobs). The attempt is a number, so the last `-`
 * separates the two parts even when the message id has dashes of its own. A job put off until a
 * send-rate slot is queued by the step's own job while that one still runs, so it is told apart
 * by its slot.
 */
export function dispatchJobId(
  job: Pick<DispatchJob, 'messageId' | 'attempt' | 'recovery' | 'slot'>,
): string {
  const id = `${job.messageId}-${job.attempt}`;
  if (job.recovery) return `${id}-recovery-${Date.now()}`;
  return job.slot ? `${id}-slot-${job.slot.at}` : id;
}

/** Settles like `work`, or rejects once `ms` have passed. */
const within = <T>(ms: number, what: string, work: Promise<T>): Promise<T> =>
  withDeadline(work, ms, () => new Error(`${what}: no answer from Redis within ${ms} ms`));

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The production adapter: jobs are stored in Redis and consumed by a BullMQ Worker, which may run
 * in any instance.
 *
 * bullmq's Queue and Worker are used directly rather than through @nestjs/bullmq's @Processor:
 * the decorated worker starts consuming as soon as the module initialises, with a handler fixed
 * at compile time, whereas this port's worker must start only when the dispatcher calls start()
 * once the application is ready, with the handler and concurrency it passes, and must stop, and
 * drain, when it calls stop(). BullModule's connection registration would add nothing either: the
 * adapter is built from a URL by a factory and owns its connections.
 *
 * Connections: the Queue shares one ioredis client of ours, which fails a command fast while Redis
 * is away (an enqueue should reject, not hang; the store's sweeper re-enqueues later) and answers
 * ping(). The Worker gets connection options instead, so that BullMQ opens its own two clients
 * (one of them blocking) with maxRetriesPerRequest: null, as it requires.
 */
export class BullMqDispatchQueue extends DispatchQueue implements OnApplicationShutdown {
  readonly kind = 'redis' as const;

  private readonly logger = new Logger(BullMqDispatchQueue.name);
  private readonly client: Redis;
  private readonly queue: Queue<StoredJob, void>;
  private worker?: Worker<StoredJob, void>;
  private stopping?: Promise<void>;

  constructor(
    private readonly url: string,
    readonly queueName: string = DEFAULT_DISPATCH_QUEUE_NAME,
    private readonly clock: Clock = new Clock(),
  ) {
    super();
    this.client = new Redis(url, {
      maxRetriesPerRequest: 1,
      connectTimeout: 5_000,
    });
    this.queue = new Queue<StoredJob, void>(queueName, {
      connection: this.client,
      defaultJobOptions: { removeOnComplete: true, removeOnFail: KEEP_FAILED },
    });
    // BullMQ forwards the client's errors here; an EventEmitter without a listener would throw.
    this.queue.on('error', (error: Error) => {
      this.logger.warn(`redis (queue ${queueName}): ${error.message}`);
    });
  }

  async enqueue(job: DispatchJob): Promise<void> {
    if (this.stopping) throw new Error(`dispatch queue is stopped: ${job.messageId} not queued`);
    await within(REDIS_DEADLINE_MS, `enqueue of ${job.messageId}`, this.add(job));
  }

  private async add(job: DispatchJob): Promise<void> {
    const jobId = dispatchJobId(job);
    // An add whose jobId exists is ignored: that is how the sweeper's and the worker's copies of
    // one step collapse. A kept failed job would swallow the sweeper's re-enqueue of a step that
    // never completed, so it makes way for the new one.
    if ((await this.queue.getJobState(jobId)) === 'failed') await this.queue.remove(jobId);
    // An invalid date counts as no notBefore, as it would not survive JSON.
    const notBefore = job.notBefore?.getTime();
    const when = notBefore !== undefined && Number.isFinite(notBefore) ? notBefore : undefined;
    const trace = job.trace ?? currentTraceCarrier();
    const data: StoredJob = {
      messageId: job.messageId,
      priority: job.priority,
      attempt: job.attempt,
      ...(when === undefined ? {} : { notBefore: when }),
      ...(job.slot ? { slot: job.slot } : {}),
      ...(trace ? { trace } : {}),
    };
    const delay = when === undefined ? 0 : Math.max(0, when - this.clock.nowMs());
    await this.queue.add(JOB_NAME, data, {
      jobId,
      priority: bullPriority(job.priority),
      ...(delay > 0 ? { delay } : {}),
    });
  }

  async start(handler: DispatchHandler, concurrency: number): Promise<void> {
    if (!Number.isInteger(concurrency) || concurrency < 1) {
      throw new RangeError(`concurrency must be a positive integer: ${concurrency}`);
    }
    if (this.stopping) throw new Error('dispatch queue cannot start: it is stopped');
    if (this.worker) throw new Error('dispatch queue cannot start: it is started');
    const worker = new Worker<StoredJob, void>(
      this.queueName,
      async (bullJob: Job<StoredJob, void>) => {
        const job = toDispatchJob(bullJob.data);
        try {
          await handler(job);
        } catch (error) {
          // Retries belong to the store-driven dispatcher: a thrown error would make BullMQ fail
          // (or retry) the job behind its back, so the job completes and the error is logged.
          this.logger.error(
            `dispatch of ${job.messageId} (attempt ${job.attempt}) failed: ${describe(error)}`,
            error instanceof Error ? error.stack : undefined,
          );
        }
      },
      { connection: { url: this.url, maxRetriesPerRequest: null }, concurrency },
    );
    worker.on('error', (error: Error) => {
      this.logger.warn(`dispatch worker (queue ${this.queueName}): ${error.message}`);
    });
    this.worker = worker;
    try {
      await within(REDIS_DEADLINE_MS, 'dispatch worker start', worker.waitUntilReady());
    } catch (error) {
      // The worker keeps connecting on its own: start-up need not wait for Redis.
      this.logger.warn(`${describe(error)}; the worker starts consuming once Redis answers`);
    }
  }

  stop(): Promise<void> {
    this.stopping ??= this.close();
    return this.stopping;
  }

  async ping(): Promise<void> {
    await within(REDIS_DEADLINE_MS, 'ping', this.client.ping());
  }

  async depth(): Promise<QueueDepth> {
    // Jobs with a priority (all of ours) wait in BullMQ's `prioritized` set, the others in `wait`.
    const counts = await within(
      REDIS_DEADLINE_MS,
      'depth',
      this.queue.getJobCounts('wait', 'prioritized', 'delayed', 'active'),
    );
    const count = (state: string): number => counts[state] ?? 0;
    return {
      waiting: count('wait') + count('prioritized'),
      delayed: count('delayed'),
      active: count('active'),
    };
  }

  onApplicationShutdown(): Promise<void> {
    return this.stop();
  }

  private async close(): Promise<void> {
    try {
      // Waits for running handlers; jobs not yet taken stay in Redis for the next worker.
      await this.worker?.close();
    } finally {
      await this.queue.close();
      await this.client.quit().catch(() => undefined);
    }
  }
}

function toDispatchJob(data: StoredJob): DispatchJob {
  return {
    messageId: data.messageId,
    priority: data.priority,
    attempt: data.attempt,
    ...(data.notBefore === undefined ? {} : { notBefore: new Date(data.notBefore) }),
    ...(data.slot ? { slot: data.slot } : {}),
    ...(data.trace ? { trace: data.trace } : {}),
  };
}
