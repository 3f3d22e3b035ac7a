import { type DynamicModule, Module } from '@nestjs/common';
import { oncePerSettings } from '../../common/modules/once-per-settings';
import { MemorySendRateCaps } from '../../common/rate-limit/memory-send-rate-caps';
import { RedisSendRateCaps } from '../../common/rate-limit/redis-send-rate-caps';
import { SendRateCaps } from '../../common/rate-limit/send-rate-caps';
import { ProviderPacer } from './provider-pacer';
import { ProviderRegistry } from './provider.registry';

/**
 * The provider registry, over the provider types `ProviderTypesModule` holds, and the pacer of
 * providers with a send-rate cap: on Redis when REDIS_URL is set (shared by every worker), else
 * in this process.
 */
@Module({})
export class ProvidersModule {
  static readonly forRoot = oncePerSettings((settings): DynamicModule => ({
    module: ProvidersModule,
    providers: [
      ProviderRegistry,
      {
        provide: SendRateCaps,
        useClass: settings.redisUrl ? RedisSendRateCaps : MemorySendRateCaps,
      },
      ProviderPacer,
    ],
    exports: [ProviderRegistry, ProviderPacer],
  }));
}
