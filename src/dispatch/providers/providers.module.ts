import { type DynamicModule, Module } from '@nestjs/common';
import { PROVIDER_FACTORIES, type ProviderFactory } from '../../contract/provider';
import type { Registration } from '../../contract/registration';
import { ProviderRegistry } from './provider.registry';

@Module({})
export class ProvidersModule {
  /**
   * The registry, with the provider types the registrations build: their own factories, and
   * those their modules make with their services (injected). `extraFactories` lets a deployment
   * (or a test) add provider types.
   */
  static forRoot(
    registrations: readonly Registration[],
    extraFactories: readonly ProviderFactory[] = [],
  ): DynamicModule {
    const factories = registrations.flatMap(({ providerFactories }) => providerFactories ?? []);
    const injected = registrations.flatMap(
      ({ moduleProviderFactories }) => moduleProviderFactories ?? [],
    );
    return {
      module: ProvidersModule,
      global: true,
      providers: [
        {
          provide: PROVIDER_FACTORIES,
          inject: injected,
          useFactory: (...made: ProviderFactory[]) => [...factories, ...made, ...extraFactories],
        },
        ProviderRegistry,
      ],
      exports: [ProviderRegistry],
    };
  }
}
