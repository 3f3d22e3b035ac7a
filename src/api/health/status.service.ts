import { Injectable } from '@nestjs/common';
import { InjectSettings } from '../../common/config/settings.module';
import { CHANNELS, type Channel } from '../../contract/channel';
import type { GatewaySettings } from '../../contract/gateway-settings';
import { ProviderRegistry } from '../../dispatch/providers/provider.registry';

/** A channel as configured: its providers in fail-over order and their default senders. */
export interface ChannelStatus {
  readonly configured: boolean;
  readonly providers: readonly string[];
  /** By provider id, each provider that has a default sender. */
  readonly senders: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/**
 * What is configured, as booleans and modes, and each channel's providers and senders: never a
 * value of a secret.
 */
@Injectable()
export class StatusService {
  constructor(
    @InjectSettings() private readonly settings: GatewaySettings,
    private readonly registry: ProviderRegistry,
  ) {}

  status(): Record<string, unknown> {
    const s = this.settings;
    return {
      channels: Object.fromEntries(CHANNELS.map((channel) => [channel, this.channel(channel)])),
      environment: s.environment,
      store: s.mongodbUri ? 'mongodb' : 'memory',
      queue: s.redisUrl ? 'redis' : 'in-process',
      rateLimitStore: s.redisUrl ? 'redis' : 'memory',
      jwt: {
        mode: s.jwt.mode,
        issuerChecked: s.jwt.issuer !== undefined,
        audienceChecked: s.jwt.audience !== undefined,
        rolesClaim: s.jwt.rolesClaim,
      },
      rateLimit: s.rateLimit,
      retentionDays: s.retentionDays,
      publicUrl: s.publicUrl !== undefined,
      encryptionKey: s.encryptionKey !== undefined,
      outboundAllowPrivate: s.outboundAllowPrivate,
      providers: {
        configured: (s.providers.list ?? []).map(({ id, type, channel }) => ({
          id,
          type,
          channel,
        })),
        providersFile: s.providers.file !== undefined,
        ...s.providers.variablesSet,
      },
    };
  }

  private channel(channel: Channel): ChannelStatus {
    const chain = this.registry.chain(channel);
    const senders = chain
      .map(({ provider }) => [provider.id, provider.senders ?? {}] as const)
      .filter(([, sender]) => Object.keys(sender).length > 0);
    return {
      configured: chain.length > 0,
      providers: chain.map(({ config }) => config.id),
      senders: Object.fromEntries(senders),
    };
  }
}
