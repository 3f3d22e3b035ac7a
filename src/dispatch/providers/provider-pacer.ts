import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../../common/clock/clock';
import { SendRateCaps } from '../../common/rate-limit/send-rate-caps';
import type { ProviderConfig } from '../../contract/provider';

/** A send slot reserved under a provider's rate cap, carried by the job put off until it. */
export interface SendSlot {
  readonly provider: string;
  /** Epoch milliseconds. */
  readonly at: number;
}

/** `now`: the slot has come, send. `later`: the slot is far; the message waits in the queue. */
export type Pace = { readonly kind: 'now' } | { readonly kind: 'later'; readonly slot: SendSlot };

/** A capped provider as `/health` shows it. */
export interface RateHealth {
  readonly perSecond: number;
  /** How long a send queued now would wait for its slot; absent when the caps cannot tell. */
  readonly waitMs?: number;
}

/**
 * The longest a send waits in its worker for its slot. A later slot puts the message back in the
 * queue until then, so that sends to other providers are not held up behind a slow cap, and the
 * wait stays far below a claim's lease.
 */
export const WAIT_IN_WORKER_MAX_MS = 1_000;

const NOW: Pace = { kind: 'now' };

/** Holds sends to providers with a `ratePerSecond` to that rate, across every worker. */
@Injectable()
export class ProviderPacer {
  private readonly logger = new Logger(ProviderPacer.name);

  constructor(
    private readonly caps: SendRateCaps,
    private readonly clock: Clock,
  ) {}

  /**
   * Waits for the send's slot when it is near: the slot the job carries when it was reserved for
   * this provider, else the next free one. A far slot is kept and answered `later`.
   */
  async pace(config: ProviderConfig, carried?: SendSlot): Promise<Pace> {
    const perSecond = config.ratePerSecond;
    if (perSecond === undefined) return NOW;
    const at =
      carried?.provider === config.id
        ? carried.at
        : this.clock.nowMs() + (await this.caps.reserve(config.id, perSecond));
    const wait = at - this.clock.nowMs();
    if (wait > WAIT_IN_WORKER_MAX_MS) return { kind: 'later', slot: { provider: config.id, at } };
    if (wait > 0) await sleep(wait);
    return NOW;
  }

  /** Each capped provider's rate and current wait, by provider id. */
  async health(configs: readonly ProviderConfig[]): Promise<ReadonlyMap<string, RateHealth>> {
    const capped = configs.flatMap(({ id, ratePerSecond }) =>
      ratePerSecond === undefined ? [] : [{ id, perSecond: ratePerSecond }],
    );
    const entries = await Promise.all(
      capped.map(async ({ id, perSecond }) => [id, await this.rateHealth(id, perSecond)] as const),
    );
    return new Map(entries);
  }

  private async rateHealth(id: string, perSecond: number): Promise<RateHealth> {
    try {
      return { perSecond, waitMs: await this.caps.currentWait(id) };
    } catch (error) {
      this.logger.warn(`the send-rate wait of ${id} is unknown: ${String(error)}`);
      return { perSecond };
    }
  }
}
