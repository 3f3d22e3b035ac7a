import { randomBytes } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { Queue, Worker } from 'bullmq';
import { Clock } from '../../src/common/clock/clock';
import { BullMqDispatchQueue, dispatchJobId } from '../../src/dispatch/bullmq-dispatch.queue';
import type { DispatchJob } from '../../src/dispatch/dispatch.queue';
import { InProcessDispatchQueue } from '../../src/dispatch/in-process-dispatch.queue';
import { describeDispatchQueueContract } from './dispatch-queue.contract';
import { freePort } from '../harness/servers';
import { redisUrl } from '../harness/test-app';
import { until } from '../support/polling';

const uniqueQueueName = (): string => `sb_test_dispatch_${randomBytes(6).toString('hex')}`;

/** A BullMQ queue of its own on the harness Redis, and a second client that looks into it. */
function openBullMq(): {
  readonly queue: BullMqDispatchQueue;
  readonly observer: Queue;
  readonly close: () => Promise<void>;
} {
  const name = uniqueQueueName();
  const queue = new BullMqDispatchQueue(redisUrl(), name, new Clock());
  const observer = new Queue(name, { connection: { url: redisUrl() } });
  return {
    queue,
    observer,
    close: async () => {
      await queue.stop();
      await observer.obliterate({ force: true });
      await observer.close();
    },
  };
}

// First in the file: ioredis leaves a 2 s timer behind when it drops a socket that never
// connected, which would otherwise outlive the run and make Jest wait for it.
describe('BullMqDispatchQueue without Redis', () => {
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('rejects ping and enqueue instead of hanging, starts anyway, and stops', async () => {
    const warned = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const queue = new BullMqDispatchQueue(
      `redis://127.0.0.1:${await freePort()}`,
      uniqueQueueName(),
    );
    try {
      await expect(queue.ping()).rejects.toThrow();
      // Side by side: each waits out the same deadline.
      await Promise.all([
        expect(
          queue.enqueue({ messageId: 'msg_nowhere', priority: 5, attempt: 0 }),
        ).rejects.toThrow(/no answer from Redis/),
        queue.start(() => Promise.resolve(), 1),
      ]);
      expect(warned.mock.calls.map((call) => String(call[0]))).toEqual(
        expect.arrayContaining([expect.stringContaining('once Redis answers')]),
      );
    } finally {
      await queue.stop();
    }
  });
});

describeDispatchQueueContract('in-process', () =>
  Promise.resolve({
    queue: new InProcessDispatchQueue(new Clock()),
    close: () => Promise.resolve(),
  }),
);

describeDispatchQueueContract('BullMQ (Redis)', () => {
  const { queue, observer, close } = openBullMq();
  return Promise.resolve({
    queue,
    isStored: async (job: DispatchJob) => {
      const stored = await observer.getJob(dispatchJobId(job));
      const state = await stored?.getState();
      return state !== undefined && ['waiting', 'prioritized', 'delayed'].includes(state);
    },
    close,
  });
});

describe('BullMqDispatchQueue in Redis', () => {
  let opened: ReturnType<typeof openBullMq>;

  beforeEach(() => {
    opened = openBullMq();
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await opened.close();
  });

  it('stores a step as messageId-attempt, with priority 11 - p and the delay to notBefore', async () => {
    const { queue, observer } = opened;
    const now = Date.now();
    const top: DispatchJob = { messageId: 'msg_top', priority: 10, attempt: 0 };
    const bottom: DispatchJob = { messageId: 'msg_bottom', priority: 0, attempt: 3 };
    const later: DispatchJob = {
      messageId: 'msg_later',
      priority: 7,
      attempt: 1,
      notBefore: new Date(now + 60_000),
    };
    for (const job of [top, bottom, later]) await queue.enqueue(job);

    const stored = await Promise.all(
      [top, bottom, later].map((job) => observer.getJob(dispatchJobId(job))),
    );
    expect(stored.map((job) => job?.opts.priority)).toEqual([1, 11, 4]);
    expect(stored[2]?.data).toEqual({
      messageId: 'msg_later',
      priority: 7,
      attempt: 1,
      notBefore: now + 60_000,
    });
    expect(stored[2]?.delay).toBeGreaterThan(50_000);
    expect(stored[2]?.delay).toBeLessThanOrEqual(60_000);
    expect(await observer.getJobState(dispatchJobId(later))).toBe('delayed');
    expect(await observer.getJobState(dispatchJobId(top))).toBe('prioritized');
  });

  it('re-enqueues a step whose kept job failed (stalled out) instead of ignoring it', async () => {
    const { queue, observer } = opened;
    const step: DispatchJob = { messageId: 'msg_stalled', priority: 5, attempt: 0 };
    // Stand-in for a job that BullMQ failed after its workers died under it.
    await observer.add('dispatch', step, { jobId: dispatchJobId(step), removeOnFail: false });
    const breaker = new Worker(observer.name, () => Promise.reject(new Error('worker died')), {
      connection: { url: redisUrl(), maxRetriesPerRequest: null },
    });
    await until(
      async () => (await observer.getJobState(dispatchJobId(step))) === 'failed',
      'the stand-in job to fail',
    );
    await breaker.close();

    const handled: DispatchJob[] = [];
    await queue.enqueue(step);
    await queue.start((job) => {
      handled.push(job);
      return Promise.resolve();
    }, 1);
    await until(() => handled.length > 0, 'the re-enqueued step');
    expect(handled).toEqual([step]);
  });

  it('completes a job whose handler threw, so that BullMQ neither retries nor keeps it', async () => {
    const { queue, observer } = opened;
    const step: DispatchJob = { messageId: 'msg_throws', priority: 5, attempt: 0 };
    let calls = 0;
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    await queue.enqueue(step);
    await queue.start(() => {
      calls += 1;
      return Promise.reject(new Error('provider exploded'));
    }, 1);
    await until(
      async () => (await observer.getJobState(dispatchJobId(step))) === 'unknown',
      'the job to leave Redis',
    );
    expect(await observer.getJobCounts('failed', 'wait', 'delayed', 'prioritized')).toEqual({
      failed: 0,
      wait: 0,
      delayed: 0,
      prioritized: 0,
    });
    expect(calls).toBe(1);
  });
});
