import { Injectable } from '@nestjs/common';
import { Clock } from '../../common/clock/clock';
import type { Channel } from '../../contract/channel';
import { ProviderRegistry } from '../../dispatch/providers/provider.registry';

const CHANNELS: readonly Channel[] = ['email', 'sms', 'whatsapp'];

export interface FluxkitProviderHealth {
  readonly provider: string | null;
  /** connected: a provider takes sends; disconnected: every circuit is open; not_configured. */
  readonly status: 'connected' | 'disconnected' | 'not_configured';
}

export interface FluxkitHealth {
  readonly status: 'healthy' | 'degraded';
  readonly providers: Record<string, FluxkitProviderHealth>;
}

/** The messaging API's health: each channel's first provider and whether any takes sends. */
@Injectable()
export class FluxkitHealthService {
  constructor(
    private readonly registry: ProviderRegistry,
    private readonly clock: Clock,
  ) {}

  health(): FluxkitHealth {
    const now = this.clock.nowMs();
    const providers = Object.fromEntries(
      CHANNELS.map((channel): [string, FluxkitProviderHealth] => {
        const chain = this.registry.chain(channel);
        const available = chain.some(({ breaker }) => breaker.state(now) !== 'open');
        const status =
          chain.length === 0 ? 'not_configured' : available ? 'connected' : 'disconnected';
        return [channel, { provider: chain[0]?.config.type ?? null, status }];
      }),
    );
    const degraded = Object.values(providers).some(({ status }) => status === 'disconnected');
    return { status: degraded ? 'degraded' : 'healthy', providers };
  }
}
