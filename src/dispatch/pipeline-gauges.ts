import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock/clock';
import { MetricsService } from '../common/metrics/metrics.service';
import { CallbackOutbox } from './callbacks/callback-outbox';
import { DispatchClaims } from './dispatch-claims';
import { DispatchQueue } from './dispatch.queue';
import { ProviderPacer } from './providers/provider-pacer';
import { ProviderRegistry } from './providers/provider.registry';
import type { CircuitState } from './providers/circuit-breaker';

const CIRCUIT_STATES: readonly CircuitState[] = ['closed', 'half-open', 'open'];

/**
 * The pipeline's gauges, read at each scrape: the queue's depth (the same in every process) and
 * the age of the longest-waiting message, each provider's circuit (this process's breaker) and
 * send-rate cap, and the status callbacks waiting in the outbox (the same in every process).
 */
@Injectable()
export class PipelineGauges {
  constructor(
    metrics: MetricsService,
    queue: DispatchQueue,
    claims: DispatchClaims,
    registry: ProviderRegistry,
    pacer: ProviderPacer,
    callbacks: CallbackOutbox,
    clock: Clock,
  ) {
    metrics.gauge(
      {
        name: 'switchboard_queue_jobs',
        help: 'Jobs in the dispatch queue, by state (waiting, delayed, active); the same queue in every process',
        labelNames: ['state'],
      },
      async (set) => {
        const { waiting, delayed, active } = await queue.depth();
        set(waiting, { state: 'waiting' });
        set(delayed, { state: 'delayed' });
        set(active, { state: 'active' });
      },
    );
    metrics.gauge(
      {
        name: 'switchboard_queue_oldest_waiting_seconds',
        help: 'How long the longest-waiting due message has waited for a worker, in seconds (0: none waits)',
      },
      async (set) => {
        const now = clock.now();
        const since = await claims.oldestWaiting(now);
        set(since ? Math.max(0, now.getTime() - since.getTime()) / 1000 : 0);
      },
    );
    metrics.gauge(
      {
        name: 'switchboard_provider_circuit_state',
        help: "Each provider's circuit in this process: 1 for its current state (closed, half-open, open), else 0",
        labelNames: ['channel', 'provider', 'state'],
      },
      (set) => {
        for (const [channel, health] of Object.entries(registry.health()))
          for (const provider of health.providers)
            for (const state of CIRCUIT_STATES)
              set(provider.circuit === state ? 1 : 0, { channel, provider: provider.id, state });
      },
    );
    metrics.gauge(
      {
        name: 'switchboard_provider_rate_limit_per_second',
        help: 'The send-rate cap of each capped provider, in sends per second',
        labelNames: ['channel', 'provider'],
      },
      (set) => {
        for (const { id, channel, ratePerSecond } of registry.configs())
          if (ratePerSecond !== undefined) set(ratePerSecond, { channel, provider: id });
      },
    );
    metrics.gauge(
      {
        name: 'switchboard_provider_rate_wait_seconds',
        help: 'How long a send to each capped provider would wait for its slot now, in seconds',
        labelNames: ['channel', 'provider'],
      },
      async (set) => {
        const configs = registry.configs();
        const rates = await pacer.health(configs);
        for (const { id, channel } of configs) {
          const waitMs = rates.get(id)?.waitMs;
          if (waitMs !== undefined) set(waitMs / 1000, { channel, provider: id });
        }
      },
    );
    metrics.gauge(
      {
        name: 'switchboard_callbacks_pending',
        help: 'Status callbacks not yet delivered or given up on (due, waiting for a retry, or behind an earlier one); the same outbox in every process',
      },
      async (set) => {
        set(await callbacks.pending());
      },
    );
  }
}
