import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Logger } from '@nestjs/common';
import type {
  DispatchHandler,
  DispatchJob,
  DispatchQueue,
} from '../../src/dispatch/dispatch.queue';
import { until } from '../support/polling';

export interface DispatchQueueFixture {
  /** A fresh queue that nothing else consumes. */
  readonly queue: DispatchQueue;
  /**
   * Whether the backing server holds the job, asked through a client of its own; absent for a
   * queue with no server behind it.
   */
  readonly isStored?: (job: DispatchJob) => Promise<boolean>;
  /** Removes whatever the queue left behind (after the contract has stopped it). */
  close(): Promise<void>;
}

/** Timer slack: a timer may fire a little early against the wall clock. */
const EARLY_TOLERANCE_MS = 50;
/** A gate a handler waits behind until the test opens it. */
function gate(): { wait: Promise<void>; open: () => void } {
  let open = (): void => undefined;
  const wait = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { wait, open };
}

interface Started {
  readonly job: DispatchJob;
  readonly at: number;
}

/** Records what a queue handed to its handler, and when. */
class Recorder {
  readonly started: Started[] = [];

  /** `work` runs inside the handler, after the start is recorded. */
  handler(work: (job: DispatchJob) => Promise<void> = () => Promise.resolve()): DispatchHandler {
    return async (job) => {
      this.started.push({ job, at: Date.now() });
      await work(job);
    };
  }

  ids(): string[] {
    return this.started.map((s) => s.job.messageId);
  }

  count(messageId: string, attempt?: number): number {
    return this.started.filter(
      (s) => s.job.messageId === messageId && (attempt === undefined || s.job.attempt === attempt),
    ).length;
  }

  has(messageId: string): boolean {
    return this.count(messageId) > 0;
  }

  at(messageId: string): number {
    const found = this.started.find((s) => s.job.messageId === messageId);
    if (!found) throw new Error(`${messageId} was not handled`);
    return found.at;
  }
}

/** The behaviour every DispatchQueue adapter must have; run against each of them. */
export function describeDispatchQueueContract(
  name: string,
  open: () => Promise<DispatchQueueFixture>,
): void {
  describe(`DispatchQueue contract: ${name}`, () => {
    let fixture: DispatchQueueFixture;
    let queue: DispatchQueue;
    let run: string;

    /** A job whose message id is unique to this test. */
    const aJob = (label: string, overrides: Partial<DispatchJob> = {}): DispatchJob => ({
      messageId: `${run}-${label}`,
      priority: 5,
      attempt: 0,
      ...overrides,
    });

    beforeEach(async () => {
      run = `msg_${randomBytes(4).toString('hex')}`;
      fixture = await open();
      queue = fixture.queue;
    });
    afterEach(async () => {
      await queue.stop();
      await fixture.close();
    });

    it('answers a ping', async () => {
      await expect(queue.ping()).resolves.toBeUndefined();
    });

    it('runs every enqueued job once, whether enqueued before or after start', async () => {
      const recorder = new Recorder();
      const before = Array.from({ length: 8 }, (_, i) => aJob(`before-${i}`, { priority: i % 3 }));
      const after = Array.from({ length: 8 }, (_, i) => aJob(`after-${i}`, { attempt: i }));
      for (const job of before) await queue.enqueue(job);
      await queue.start(recorder.handler(), 3);
      await Promise.all(after.map((job) => queue.enqueue(job)));

      await until(() => recorder.started.length >= 16, 'all 16 jobs');
      await sleep(300);
      expect(recorder.ids().sort()).toEqual([...before, ...after].map((j) => j.messageId).sort());
      const handed = recorder.started.find((s) => s.job.messageId === after[5].messageId);
      expect(handed?.job).toEqual(after[5]);
    });

    it('takes higher priorities first, and first in, first out within a priority', async () => {
      const recorder = new Recorder();
      const priorities = [1, 5, 9, 5, 0, 10, 1, 9, 5, 10, 0, 3];
      const jobs = priorities.map((priority, i) => aJob(`p${priority}-${i}`, { priority }));
      for (const job of jobs) await queue.enqueue(job);
      await queue.start(recorder.handler(), 1);

      await until(() => recorder.started.length >= jobs.length, 'every job');
      const expected = jobs
        .map((job, i) => ({ job, i }))
        .sort((a, b) => b.job.priority - a.job.priority || a.i - b.i)
        .map(({ job }) => job.messageId);
      expect(recorder.ids()).toEqual(expected);
    });

    it('holds a delayed job until its notBefore without holding up the others', async () => {
      const recorder = new Recorder();
      await queue.start(recorder.handler(), 2);
      const now = Date.now();
      // The later one first: the queue must notice that a new, earlier delay comes due sooner.
      const later = aJob('later', { priority: 10, notBefore: new Date(now + 600) });
      const sooner = aJob('sooner', { priority: 10, notBefore: new Date(now + 300) });
      const immediate = aJob('immediate', { priority: 0 });
      await queue.enqueue(later);
      await queue.enqueue(sooner);
      await queue.enqueue(immediate);

      await until(() => recorder.started.length >= 3, 'all three jobs');
      expect(recorder.ids()).toEqual([immediate, sooner, later].map((j) => j.messageId));
      expect(recorder.at(sooner.messageId)).toBeGreaterThanOrEqual(now + 300 - EARLY_TOLERANCE_MS);
      expect(recorder.at(later.messageId)).toBeGreaterThanOrEqual(now + 600 - EARLY_TOLERANCE_MS);
      const handed = recorder.started.find((s) => s.job.messageId === sooner.messageId);
      expect(handed?.job.notBefore?.getTime()).toBe(sooner.notBefore?.getTime());
    });

    it('runs a job whose notBefore has passed at once', async () => {
      const recorder = new Recorder();
      await queue.start(recorder.handler(), 1);
      const past = aJob('past', { notBefore: new Date(Date.now() - 60_000) });
      await queue.enqueue(past);
      await until(() => recorder.has(past.messageId), 'the overdue job');
    });

    it('never runs more than `concurrency` handlers at once', async () => {
      let inFlight = 0;
      let maxInFlight = 0;
      const recorder = new Recorder();
      const jobs = Array.from({ length: 12 }, (_, i) => aJob(`slow-${i}`));
      for (const job of jobs) await queue.enqueue(job);
      await queue.start(
        recorder.handler(async () => {
          inFlight += 1;
          maxInFlight = Math.max(maxInFlight, inFlight);
          await sleep(150);
          inFlight -= 1;
        }),
        3,
      );

      await until(() => recorder.started.length >= jobs.length && inFlight === 0, 'every job');
      expect(maxInFlight).toBeLessThanOrEqual(3);
      // ...and it does run them side by side.
      expect(maxInFlight).toBeGreaterThan(1);
    });

    it('keeps one entry for a step enqueued twice while pending', async () => {
      const recorder = new Recorder();
      const step = aJob('twice');
      await queue.enqueue(step);
      await queue.enqueue({ ...step });
      const racing = aJob('racing');
      await Promise.all([queue.enqueue(racing), queue.enqueue({ ...racing })]);
      // The next attempt of the same message is another step.
      const next = aJob('twice', { attempt: 1 });
      await queue.enqueue(next);
      // Same priority, enqueued last: once it runs with concurrency 1, the rest has run.
      const sentinel = aJob('sentinel');
      await queue.enqueue(sentinel);
      await queue.start(recorder.handler(), 1);

      await until(() => recorder.has(sentinel.messageId), 'the sentinel');
      expect(recorder.count(step.messageId, 0)).toBe(1);
      expect(recorder.count(step.messageId, 1)).toBe(1);
      expect(recorder.count(racing.messageId)).toBe(1);
      expect(recorder.started).toHaveLength(4);
    });

    it('logs a failing handler and goes on with the next jobs', async () => {
      const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
      try {
        const recorder = new Recorder();
        const throws = aJob('throws');
        const rejects = aJob('rejects');
        const fine = aJob('fine');
        for (const job of [throws, rejects, fine]) await queue.enqueue(job);
        await queue.start(
          recorder.handler((job) => {
            if (job.messageId === throws.messageId) throw new Error('provider exploded');
            if (job.messageId === rejects.messageId) return Promise.reject(new Error('no route'));
            return Promise.resolve();
          }),
          1,
        );
        await until(() => recorder.has(fine.messageId), 'the job after the failures');
        const later = aJob('later');
        await queue.enqueue(later);
        await until(() => recorder.has(later.messageId), 'a job enqueued after the failures');

        const messages = logged.mock.calls.map((call) => String(call[0]));
        expect(messages).toEqual(
          expect.arrayContaining([
            expect.stringContaining(throws.messageId),
            expect.stringContaining(rejects.messageId),
          ]),
        );
        // Failures are not retried by the queue: the store-driven dispatcher owns retries.
        await sleep(300);
        expect(recorder.count(throws.messageId)).toBe(1);
        expect(recorder.count(rejects.messageId)).toBe(1);
      } finally {
        logged.mockRestore();
      }
    });

    it('stop() waits for the running handler, then starts nothing more', async () => {
      const recorder = new Recorder();
      const release = gate();
      const events: string[] = [];
      const first = aJob('first');
      const second = aJob('second');
      await queue.enqueue(first);
      await queue.enqueue(second);
      await queue.start(
        recorder.handler(async (job) => {
          if (job.messageId !== first.messageId) return;
          await release.wait;
          events.push('handler finished');
        }),
        1,
      );
      await until(() => recorder.has(first.messageId), 'the first job to start');

      const stopped = queue.stop().then(() => events.push('stopped'));
      await sleep(200);
      expect(events).toEqual([]);
      release.open();
      await stopped;
      expect(events).toEqual(['handler finished', 'stopped']);

      await sleep(500);
      expect(recorder.ids()).toEqual([first.messageId]);
      await expect(queue.enqueue(aJob('too-late'))).rejects.toThrow();
    });

    it('holds a job once enqueue resolves', async () => {
      const recorder = new Recorder();
      const job = aJob('held', { priority: 7, attempt: 2 });
      await queue.enqueue(job);
      if (fixture.isStored) {
        expect(await fixture.isStored(job)).toBe(true);
        expect(await fixture.isStored(aJob('never-enqueued'))).toBe(false);
      }
      await queue.start(recorder.handler(), 1);
      await until(() => recorder.has(job.messageId), 'the held job');
      expect(recorder.started[0]?.job).toEqual(job);
    });
  });
}
