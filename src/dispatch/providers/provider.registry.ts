import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Clock } from '../../common/clock/clock';
import type { GatewaySettings } from '../../contract/gateway-settings';
import { InjectSettings } from '../../common/config/settings.module';
import { CircuitBreaker, type CircuitState } from './circuit-breaker';
import {
  PROVIDER_FACTORIES,
  type Provider,
  type ProviderConfig,
  type ProviderFactory,
} from '../../contract/provider';
import { CHANNELS, type Channel } from '../../contract/channel';
import type { RateHealth } from './provider-pacer';

/** A provider in its channel's chain, with its retry policy and circuit breaker. */
export interface ProviderSlot {
  readonly provider: Provider;
  readonly config: ProviderConfig;
  readonly breaker: CircuitBreaker;
}

export interface ChannelHealth {
  readonly configured: boolean;
  readonly providers: readonly {
    readonly id: string;
    readonly type: string;
    readonly circuit: CircuitState;
    /** Present for a provider with a send-rate cap. */
    readonly rate?: RateHealth;
  }[];
}

/** Channels → ordered providers, built once at start-up from configuration. */
@Injectable()
export class ProviderRegistry implements OnApplicationShutdown {
  private readonly logger = new Logger(ProviderRegistry.name);
  private readonly chains = new Map<Channel, ProviderSlot[]>();
  private readonly byId = new Map<string, ProviderSlot>();

  constructor(
    @InjectSettings() settings: GatewaySettings,
    @Inject(PROVIDER_FACTORIES) factories: readonly ProviderFactory[],
    private readonly clock: Clock,
  ) {
    // Without PROVIDERS, outside production: the embedded default's provider for each channel.
    const { list, embedded } = settings.providers;
    const configured = list ?? (settings.production ? [] : embedded);
    const context = {
      publicUrl: settings.publicUrl,
      outboundAllowPrivate: settings.outboundAllowPrivate,
    };
    const factoryByType = new Map(factories.map((factory) => [factory.type, factory]));
    for (const config of configured) {
      const factory = factoryByType.get(config.type);
      if (!factory) {
        throw new Error(
          `provider ${config.id} has the unknown type ${config.type} (known: ${[...factoryByType.keys()].join(', ')})`,
        );
      }
      const slot = {
        provider: factory.create(config, context),
        config,
        breaker: new CircuitBreaker(config.circuitFailures, config.circuitCooldownMs),
      };
      this.chains.set(config.channel, [...(this.chains.get(config.channel) ?? []), slot]);
      this.byId.set(config.id, slot);
    }
  }

  /** The channel's providers in fail-over order (empty: the channel is not configured). */
  chain(channel: Channel): readonly ProviderSlot[] {
    return this.chains.get(channel) ?? [];
  }

  /** A provider of the channel by id, for sends that pin one. */
  find(channel: Channel, id: string): ProviderSlot | undefined {
    const slot = this.byId.get(id);
    return slot?.config.channel === channel ? slot : undefined;
  }

  configuredChannels(): Channel[] {
    return CHANNELS.filter((channel) => this.chain(channel).length > 0);
  }

  /** Per channel, its providers and their circuits, and the caps `rates` tells of. */
  health(
    rates: ReadonlyMap<string, RateHealth> = new Map(),
  ): Partial<Record<Channel, ChannelHealth>> {
    const now = this.clock.nowMs();
    const health: Partial<Record<Channel, ChannelHealth>> = {};
    for (const channel of CHANNELS) {
      const providers = this.chain(channel).map(({ config, breaker }) => {
        const rate = rates.get(config.id);
        return {
          id: config.id,
          type: config.type,
          circuit: breaker.state(now),
          ...(rate ? { rate } : {}),
        };
      });
      health[channel] = { configured: providers.length > 0, providers };
    }
    return health;
  }

  providerIds(): string[] {
    return [...this.byId.keys()];
  }

  /** Every provider's configuration. */
  configs(): ProviderConfig[] {
    return [...this.byId.values()].map(({ config }) => config);
  }

  /**
   * Closes what providers hold open (SMTP pools). At application shutdown, which comes after the
   * dispatcher has stopped and its running sends have finished (before-shutdown).
   */
  async onApplicationShutdown(): Promise<void> {
    await Promise.all(
      [...this.byId.values()].map(async ({ provider }) => {
        try {
          await provider.close?.();
        } catch (error) {
          this.logger.warn(`closing provider ${provider.id} failed: ${String(error)}`);
        }
      }),
    );
  }
}
