import { type DynamicModule, Module } from '@nestjs/common';
import { oncePerSettings } from '../../common/modules/once-per-settings';
import { ProviderRegistry } from './provider.registry';

/** The provider registry, over the provider types `ProviderTypesModule` holds. */
@Module({})
export class ProvidersModule {
  static readonly forRoot = oncePerSettings((): DynamicModule => ({
    module: ProvidersModule,
    providers: [ProviderRegistry],
    exports: [ProviderRegistry],
  }));
}
