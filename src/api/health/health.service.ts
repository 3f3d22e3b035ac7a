import { Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import {
  HealthCheckService,
  HealthIndicatorService,
  type HealthCheckResult,
  type HealthIndicatorResult,
} from '@nestjs/terminus';
import { DatabaseProbe } from '../../common/database/database.probe';
import { ServiceUnavailable } from '../../common/errors/api-error';
import { withDeadline } from '../../common/tasks/deadline';
import { DispatchQueue } from '../../dispatch/dispatch.queue';
import { ProviderPacer, type RateHealth } from '../../dispatch/providers/provider-pacer';
import { ProviderRegistry } from '../../dispatch/providers/provider.registry';
import { ProviderFailures } from '../../dispatch/provider-failures';
import { CHANNELS } from '../../contract/channel';

const PROBE_TIMEOUT_MS = 2_000;

export interface ComponentHealth {
  readonly status: 'up' | 'down';
  readonly kind: string;
}

export interface HealthReport {
  /** `down`: the database does not answer; `degraded`: something else does not. */
  readonly status: 'ok' | 'degraded' | 'down';
  readonly database: ComponentHealth;
  readonly queue: ComponentHealth;
  /**
   * Per channel: configured providers, their circuit state and, for a provider with a send-rate
   * cap, `rate: {perSecond, waitMs}` (how long a send queued now waits for its slot); the last
   * provider failures in this process (`errors`, newest first) and their count (`totalErrors`).
   */
  readonly channels: Readonly<Record<string, unknown>>;
  /** Provider failures on every channel since this process started. */
  readonly totalErrors: number;
}

const within = <T>(promise: Promise<T>, ms: number): Promise<T> =>
  withDeadline(promise, ms, () => new Error(`no answer within ${ms} ms`));

@Injectable()
export class HealthService {
  private readonly logger = new Logger(HealthService.name);

  constructor(
    private readonly checks: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly database: DatabaseProbe,
    private readonly queue: DispatchQueue,
    private readonly registry: ProviderRegistry,
    private readonly pacer: ProviderPacer,
    private readonly failures: ProviderFailures,
  ) {}

  async report(): Promise<HealthReport> {
    const [result, rates] = await Promise.all([
      this.run(),
      within(this.pacer.health(this.registry.configs()), PROBE_TIMEOUT_MS).catch(() => undefined),
    ]);
    const database = this.component(result, 'database');
    const queue = this.component(result, 'queue');
    const status =
      database.status === 'down' ? 'down' : queue.status === 'down' ? 'degraded' : 'ok';
    const report: HealthReport = {
      status,
      database,
      queue,
      channels: this.channels(rates),
      totalErrors: this.failures.total(),
    };
    if (status === 'down') throw new ServiceUnavailable('The database does not answer.', [report]);
    return report;
  }

  /** Ready to serve when the database answers. */
  async ready(): Promise<{ status: 'ready' }> {
    const result = await this.run();
    const database = this.component(result, 'database');
    if (database.status === 'down') {
      throw new ServiceUnavailable('Not ready: the database does not answer.', [{ database }]);
    }
    return { status: 'ready' };
  }

  /** The registry's view of each channel, with its recent provider failures. */
  private channels(rates?: ReadonlyMap<string, RateHealth>): Record<string, unknown> {
    const health = this.registry.health(rates);
    return Object.fromEntries(
      CHANNELS.map((channel) => [channel, { ...health[channel], ...this.failures.of(channel) }]),
    );
  }

  private async run(): Promise<HealthCheckResult> {
    try {
      return await this.checks.check([() => this.checkDatabase(), () => this.checkQueue()]);
    } catch (error) {
      if (error instanceof ServiceUnavailableException)
        return error.getResponse() as HealthCheckResult;
      throw error;
    }
  }

  private async checkDatabase(): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check('database');
    try {
      await within(this.database.ping(), PROBE_TIMEOUT_MS);
      return indicator.up({ kind: this.database.kind });
    } catch (error) {
      this.logger.warn(`database probe failed: ${errorText(error)}`);
      return indicator.down({ kind: this.database.kind });
    }
  }

  private async checkQueue(): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check('queue');
    try {
      await within(this.queue.ping(), PROBE_TIMEOUT_MS);
      return indicator.up({ kind: this.queue.kind });
    } catch (error) {
      this.logger.warn(`queue probe failed: ${errorText(error)}`);
      return indicator.down({ kind: this.queue.kind });
    }
  }

  private component(result: HealthCheckResult, key: string): ComponentHealth {
    const detail = result.details[key] as { status: string; kind?: string } | undefined;
    return { status: detail?.status === 'up' ? 'up' : 'down', kind: detail?.kind ?? 'unknown' };
  }
}

/** The first line of the reason, for the log (health answers carry no internals). */
const errorText = (error: unknown): string =>
  (error instanceof Error ? error.message : String(error)).split('\n')[0]?.slice(0, 200) ?? 'error';
