import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Clock } from '../clock/clock';
import { PeriodicTask } from '../tasks/periodic-task';
import { RateLimitStore } from './rate-limit.store';
import { admits, decide, type WindowDecision } from './sliding-window';

interface Entry {
  window: number;
  current: number;
  previous: number;
  /** When neither counter weighs anything any more. */
  staleAtMs: number;
}

const SWEEP_EVERY_MS = 60_000;

/** One process's budgets, two counters per key; stale keys are swept once a minute. */
@Injectable()
export class MemoryRateLimitStore extends RateLimitStore implements OnModuleDestroy {
  private readonly entries = new Map<string, Entry>();
  private readonly sweeper = new PeriodicTask({
    name: 'rate-limit sweep',
    everyMs: SWEEP_EVERY_MS,
    run: () => {
      this.sweep();
    },
  });

  constructor(private readonly clock: Clock) {
    super();
    this.sweeper.start();
  }

  hit(key: string, limit: number, windowMs: number): Promise<WindowDecision> {
    return Promise.resolve(this.measure(key, limit, windowMs, true));
  }

  peek(key: string, limit: number, windowMs: number): Promise<WindowDecision> {
    return Promise.resolve(this.measure(key, limit, windowMs, false));
  }

  onModuleDestroy(): void {
    // The sweep is synchronous: no run can be under way to wait for.
    void this.sweeper.stop();
  }

  /** The decision for a hit now; `count` counts it when it is allowed. */
  private measure(key: string, limit: number, windowMs: number, count: boolean): WindowDecision {
    const now = this.clock.nowMs();
    const window = Math.floor(now / windowMs);
    const entry = this.rolled(this.entries.get(key), window, (window + 2) * windowMs);
    const elapsedMs = now - window * windowMs;
    const allowed = admits({ ...entry, elapsedMs }, limit, windowMs);
    if (!count) return decide({ ...entry, elapsedMs }, allowed, limit, windowMs);
    this.entries.set(key, entry);
    if (allowed) entry.current += 1;
    return decide({ ...entry, elapsedMs }, allowed, limit, windowMs);
  }

  private rolled(entry: Entry | undefined, window: number, staleAtMs: number): Entry {
    if (entry?.window === window) return entry;
    const previous = entry?.window === window - 1 ? entry.current : 0;
    return { window, current: 0, previous, staleAtMs };
  }

  private sweep(): void {
    const now = this.clock.nowMs();
    for (const [key, entry] of this.entries) {
      if (entry.staleAtMs <= now) this.entries.delete(key);
    }
  }
}
