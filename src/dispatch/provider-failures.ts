import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock/clock';
import { shownErrorText } from '../common/errors/shown-error-text';
import type { Channel } from '../contract/channel';
import type { ErrorCategory } from '../contract/error-category';
import type { ProviderConfig } from '../contract/provider';

/** How many of a channel's provider failures `/health` shows. */
export const RECENT_FAILURES = 20;

/** One failed provider call, as `/health` shows it. */
export interface ProviderFailure {
  /** When the call failed (ISO 8601). */
  readonly at: string;
  readonly provider: string;
  readonly category: ErrorCategory;
  /** The provider's reason: one line, bounded, with its credentials and anything like one hidden. */
  readonly message: string;
}

/** A channel's recent provider failures, newest first, and how many there were in all. */
export interface ChannelFailures {
  readonly errors: readonly ProviderFailure[];
  readonly totalErrors: number;
}

/** A ring of the last `capacity` failures: memory stays the same however many there are. */
class FailureRing {
  private readonly slots: ProviderFailure[] = [];
  private next = 0;
  total = 0;

  constructor(private readonly capacity: number) {}

  push(failure: ProviderFailure): void {
    this.slots[this.next] = failure;
    this.next = (this.next + 1) % this.capacity;
    this.total += 1;
  }

  newestFirst(): ProviderFailure[] {
    return [...this.slots.slice(this.next), ...this.slots.slice(0, this.next)].reverse();
  }
}

/** The string options of a provider: its credentials among them, never to be shown. */
const optionValues = (config: ProviderConfig): string[] =>
  Object.values(config.options).filter((value): value is string => typeof value === 'string');

/**
 * The provider calls that failed in this process, per channel: the last `RECENT_FAILURES` and a
 * count since start. Per process, like the metrics: a process that makes no provider calls (an
 * API-only one) records none.
 */
@Injectable()
export class ProviderFailures {
  private readonly rings = new Map<Channel, FailureRing>();

  constructor(private readonly clock: Clock) {}

  /** A call of the provider `config` failed with `category` for `reason`. */
  record(config: ProviderConfig, category: ErrorCategory, reason: string): void {
    let ring = this.rings.get(config.channel);
    if (!ring) {
      ring = new FailureRing(RECENT_FAILURES);
      this.rings.set(config.channel, ring);
    }
    ring.push({
      at: this.clock.now().toISOString(),
      provider: config.id,
      category,
      message: shownErrorText(reason, optionValues(config)),
    });
  }

  of(channel: Channel): ChannelFailures {
    const ring = this.rings.get(channel);
    return { errors: ring?.newestFirst() ?? [], totalErrors: ring?.total ?? 0 };
  }

  /** Failures on every channel since start. */
  total(): number {
    return [...this.rings.values()].reduce((sum, ring) => sum + ring.total, 0);
  }
}
