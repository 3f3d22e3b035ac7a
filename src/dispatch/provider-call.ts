import { Injectable, Logger } from '@nestjs/common';
import { SpanKind } from '@opentelemetry/api';
import { withDeadline } from '../common/tasks/deadline';
import { failSpan, inSpan } from '../common/tracing/spans';
import { type OutboundMessage, ProviderError } from '../contract/provider';
import type { SendOutcome } from './attempt-outcome';
import { PipelineMetrics } from './pipeline-metrics';
import { ProviderFailures } from './provider-failures';
import type { ProviderSlot } from './providers/provider.registry';

const withTimeout = <T>(promise: Promise<T>, ms: number): Promise<T> =>
  withDeadline(promise, ms, () => new ProviderError('TIMEOUT', `no answer within ${ms} ms`));

/**
 * One call of one provider: within its `timeoutMs`, as a client span, timed for the latency
 * histogram; a failure is kept for `/health`. Never throws: an error the provider did not
 * categorise is a PROVIDER_OUTAGE.
 */
@Injectable()
export class ProviderCall {
  private readonly logger = new Logger(ProviderCall.name);

  constructor(
    private readonly metrics: PipelineMetrics,
    private readonly failures: ProviderFailures,
  ) {}

  send(slot: ProviderSlot, outbound: OutboundMessage): Promise<SendOutcome> {
    const { config } = slot;
    const attributes = {
      'switchboard.message.id': outbound.id,
      'switchboard.channel': config.channel,
      'switchboard.provider': config.id,
      'switchboard.provider.type': config.type,
    };
    return inSpan('provider.send', { kind: SpanKind.CLIENT, attributes }, async (span) => {
      const started = process.hrtime.bigint();
      const outcome = await this.outcome(slot, outbound);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      this.metrics.providerCalled(config, outcome.ok, seconds);
      if (!outcome.ok) {
        this.failures.record(config, outcome.category, outcome.message);
        span.setAttribute('switchboard.error.category', outcome.category);
        failSpan(span, outcome.category);
      }
      return outcome;
    });
  }

  private async outcome(slot: ProviderSlot, outbound: OutboundMessage): Promise<SendOutcome> {
    try {
      return {
        ok: true,
        success: await withTimeout(slot.provider.send(outbound), slot.config.timeoutMs),
      };
    } catch (error) {
      if (error instanceof ProviderError)
        return { ok: false, category: error.category, message: error.message };
      this.logger.error(
        { err: error, provider: slot.config.id },
        'provider threw an unexpected error',
      );
      return { ok: false, category: 'PROVIDER_OUTAGE', message: 'unexpected provider error' };
    }
  }
}
