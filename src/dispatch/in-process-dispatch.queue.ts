import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Clock } from '../common/clock/clock';
import { currentTraceCarrier } from '../common/tracing/spans';
import {
  type DispatchHandler,
  type DispatchJob,
  DispatchQueue,
  type QueueDepth,
} from './dispatch.queue';

/** Node's setTimeout fires at once for longer delays; a farther timer is re-armed when it fires. */
const MAX_TIMER_MS = 2 ** 31 - 1;

interface Entry {
  readonly job: DispatchJob;
  readonly key: string;
  readonly priority: number;
  /** When the job may run: its notBefore, or when it was enqueued. */
  readonly due: number;
  /** Enqueue order, so that equal entries come out first in, first out. */
  readonly seq: number;
}

/** A binary heap: `before(a, b)` says whether `a` comes out ahead of `b`. */
class Heap<T> {
  private readonly items: T[] = [];

  constructor(private readonly before: (a: T, b: T) => boolean) {}

  get size(): number {
    return this.items.length;
  }

  peek(): T | undefined {
    return this.items[0];
  }

  push(item: T): void {
    const items = this.items;
    items.push(item);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(items[i], items[parent])) break;
      [items[i], items[parent]] = [items[parent], items[i]];
      i = parent;
    }
  }

  pop(): T | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length === 0 || last === undefined) return top;
    items[0] = last;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let first = i;
      if (left < items.length && this.before(items[left], items[first])) first = left;
      if (right < items.length && this.before(items[right], items[first])) first = right;
      if (first === i) return top;
      [items[i], items[first]] = [items[first], items[i]];
      i = first;
    }
  }

  drain(): T[] {
    return this.items.splice(0);
  }
}

/** Out-of-range priorities are clamped rather than refused: refusing would strand the message. */
function normalisePriority(priority: number): number {
  return Number.isFinite(priority) ? Math.min(10, Math.max(0, priority)) : 0;
}

/**
 * The embedded default: jobs live in this process's memory and are gone when it stops. That is
 * acceptable because the store is the source of truth: with MongoDB the sweeper finds the pending
 * messages again after a restart.
 */
@Injectable()
export class InProcessDispatchQueue extends DispatchQueue implements OnApplicationShutdown {
  readonly kind = 'in-process' as const;

  private readonly logger = new Logger(InProcessDispatchQueue.name);
  /** Jobs whose time has come: higher priority first, then earlier due, then first enqueued. */
  private readonly ready = new Heap<Entry>(
    (a, b) => a.priority > b.priority || (a.priority === b.priority && earlier(a, b)),
  );
  /** Jobs waiting for their notBefore, earliest first. */
  private readonly delayed = new Heap<Entry>(earlier);
  /** Keys of entries in either heap: a second enqueue of the same step adds nothing. */
  private readonly pending = new Set<string>();
  private readonly running = new Set<Promise<void>>();
  private seq = 0;
  private state: 'idle' | 'started' | 'stopped' = 'idle';
  private handler?: DispatchHandler;
  private concurrency = 1;
  /** The one timer, set for the earliest delayed entry while the queue is started. */
  private timer?: NodeJS.Timeout;
  private timerAt = Number.POSITIVE_INFINITY;
  private stopping?: Promise<void>;

  constructor(private readonly clock: Clock) {
    super();
  }

  enqueue(job: DispatchJob): Promise<void> {
    if (this.state === 'stopped') {
      return Promise.reject(new Error(`dispatch queue is stopped: ${job.messageId} not queued`));
    }
    const key = `${job.messageId}:${job.attempt}`;
    if (this.pending.has(key)) return Promise.resolve();
    const now = this.clock.nowMs();
    const due = job.notBefore?.getTime() ?? now;
    const trace = job.trace ?? currentTraceCarrier();
    const entry: Entry = {
      job: trace ? { ...job, trace } : job,
      key,
      priority: normalisePriority(job.priority),
      due: Number.isNaN(due) ? now : due,
      seq: this.seq++,
    };
    this.pending.add(key);
    (entry.due > now ? this.delayed : this.ready).push(entry);
    this.schedule();
    return Promise.resolve();
  }

  start(handler: DispatchHandler, concurrency: number): Promise<void> {
    if (!Number.isInteger(concurrency) || concurrency < 1) {
      return Promise.reject(
        new RangeError(`concurrency must be a positive integer: ${concurrency}`),
      );
    }
    if (this.state !== 'idle') {
      return Promise.reject(new Error(`dispatch queue cannot start: it is ${this.state}`));
    }
    this.handler = handler;
    this.concurrency = concurrency;
    this.state = 'started';
    this.schedule();
    return Promise.resolve();
  }

  stop(): Promise<void> {
    this.stopping ??= this.drain();
    return this.stopping;
  }

  ping(): Promise<void> {
    return Promise.resolve();
  }

  depth(): Promise<QueueDepth> {
    return Promise.resolve({
      waiting: this.ready.size,
      delayed: this.delayed.size,
      active: this.running.size,
    });
  }

  onApplicationShutdown(): Promise<void> {
    return this.stop();
  }

  private async drain(): Promise<void> {
    this.state = 'stopped';
    this.disarm();
    const left = this.ready.drain().length + this.delayed.drain().length;
    this.pending.clear();
    if (left > 0) {
      this.logger.log(`stopping with ${left} queued job(s) left to the store's sweeper`);
    }
    // No handler starts once stopped, so this set only shrinks.
    await Promise.all(this.running);
  }

  /** Moves due entries to the ready heap, re-arms the timer and starts what may run. */
  private schedule(): void {
    if (this.state !== 'started') return;
    const now = this.clock.nowMs();
    for (let next = this.delayed.peek(); next && next.due <= now; next = this.delayed.peek()) {
      this.delayed.pop();
      this.ready.push(next);
    }
    this.arm(now);
    while (this.running.size < this.concurrency) {
      const entry = this.ready.pop();
      if (!entry) break;
      this.pending.delete(entry.key);
      this.run(entry.job);
    }
  }

  private arm(now: number): void {
    const next = this.delayed.peek();
    if (!next) {
      this.disarm();
      return;
    }
    if (this.timer && this.timerAt <= next.due) return;
    this.disarm();
    this.timerAt = next.due;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.timerAt = Number.POSITIVE_INFINITY;
        this.schedule();
      },
      Math.min(Math.max(next.due - now, 0), MAX_TIMER_MS),
    );
  }

  private disarm(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Number.POSITIVE_INFINITY;
  }

  private run(job: DispatchJob): void {
    const handler = this.handler;
    if (!handler) return;
    const task = (async () => {
      try {
        await handler(job);
      } catch (error) {
        // Retries belong to the store-driven dispatcher; the queue only keeps going.
        this.logger.error(
          `dispatch of ${job.messageId} (attempt ${job.attempt}) failed: ${describe(error)}`,
          error instanceof Error ? error.stack : undefined,
        );
      }
    })();
    this.running.add(task);
    void task.finally(() => {
      this.running.delete(task);
      this.schedule();
    });
  }
}

function earlier(a: Entry, b: Entry): boolean {
  return a.due < b.due || (a.due === b.due && a.seq < b.seq);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
