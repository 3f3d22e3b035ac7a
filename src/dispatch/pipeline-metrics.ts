import { Injectable } from '@nestjs/common';
import { Counter, Histogram } from 'prom-client';
import { MetricsService } from '../common/metrics/metrics.service';
import type { Channel } from '../contract/channel';
import type { ProviderConfig } from '../contract/provider';
import type { Attempt, Message } from '../message-log/message.model';

/** The label of a failure no provider categorised (a report after sending), or no provider made. */
const NONE = 'none';

/**
 * What the pipeline counts, by channel, provider and error category: messages accepted, sent
 * (a provider took them), delivered and finally failed; every failed attempt; how long provider
 * calls take. Per process: Prometheus sums them over the processes it scrapes.
 */
@Injectable()
export class PipelineMetrics {
  private readonly acceptedTotal: Counter<'channel'>;
  private readonly sentTotal: Counter<'channel' | 'provider'>;
  private readonly deliveredTotal: Counter<'channel' | 'provider'>;
  private readonly failedTotal: Counter<'channel' | 'provider' | 'category'>;
  private readonly attemptErrorsTotal: Counter<'channel' | 'provider' | 'category'>;
  private readonly sendSeconds: Histogram<'channel' | 'provider' | 'outcome'>;

  constructor(metrics: MetricsService) {
    const registers = [metrics.registry];
    this.acceptedTotal = new Counter({
      name: 'switchboard_messages_accepted_total',
      help: 'Messages accepted for sending, by channel',
      labelNames: ['channel'],
      registers,
    });
    this.sentTotal = new Counter({
      name: 'switchboard_messages_sent_total',
      help: 'Messages a provider took (SENT, or DELIVERED at once), by channel and provider',
      labelNames: ['channel', 'provider'],
      registers,
    });
    this.deliveredTotal = new Counter({
      name: 'switchboard_messages_delivered_total',
      help: 'Messages that reached DELIVERED, by channel and the provider that sent them',
      labelNames: ['channel', 'provider'],
      registers,
    });
    this.failedTotal = new Counter({
      name: 'switchboard_messages_failed_total',
      help: 'Messages that ended FAILED or UNDELIVERABLE, by channel, last provider and error category (none: reported by the provider after sending)',
      labelNames: ['channel', 'provider', 'category'],
      registers,
    });
    this.attemptErrorsTotal = new Counter({
      name: 'switchboard_attempt_errors_total',
      help: 'Failed send attempts, retried or final, by channel, provider and error category',
      labelNames: ['channel', 'provider', 'category'],
      registers,
    });
    this.sendSeconds = new Histogram({
      name: 'switchboard_provider_send_duration_seconds',
      help: 'Provider call latency in seconds (send-rate waits excluded), by channel, provider and outcome (ok, error)',
      labelNames: ['channel', 'provider', 'outcome'],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
  }

  accepted(channel: Channel): void {
    this.acceptedTotal.inc({ channel });
  }

  /** A provider answered a send, after `seconds`. */
  providerCalled(config: ProviderConfig, ok: boolean, seconds: number): void {
    this.sendSeconds.observe(
      { channel: config.channel, provider: config.id, outcome: ok ? 'ok' : 'error' },
      seconds,
    );
  }

  /** An attempt was recorded: the provider took the message, or the attempt failed. */
  attempted(channel: Channel, attempt: Attempt): void {
    const { provider, errorCategory } = attempt;
    if (errorCategory) this.attemptErrorsTotal.inc({ channel, provider, category: errorCategory });
    else if (attempt.status === 'SENT' || attempt.status === 'DELIVERED')
      this.sentTotal.inc({ channel, provider });
  }

  /** A stored status change: counts deliveries and final failures, once each. */
  statusChanged(message: Message): void {
    const last = message.attempts.at(-1);
    const labels = { channel: message.channel, provider: last?.provider ?? NONE };
    if (message.status === 'DELIVERED') this.deliveredTotal.inc(labels);
    if (message.status === 'FAILED' || message.status === 'UNDELIVERABLE')
      this.failedTotal.inc({ ...labels, category: last?.errorCategory ?? NONE });
  }
}
