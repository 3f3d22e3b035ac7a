import { type DynamicModule, Module } from '@nestjs/common';
import type { GatewaySettings } from '../../contract/gateway-settings';
import { PROVIDER_FACTORIES, type ProviderFactory } from '../../contract/provider';
import type { Registration } from '../../contract/registration';

/**
 * The provider types of this build, as the composition root is given them: those the channels
 * and vendors register (built from their options alone, or made by a registration's module with
 * its own services), and those a deployment or a test adds. Global for the reason the settings
 * are: it is configuration that only the root holds, and the registry sits below every module
 * that would otherwise have to carry it along.
 */
@Module({})
export class ProviderTypesModule {
  static forRoot(
    settings: GatewaySettings,
    registrations: readonly Registration[],
    added: readonly ProviderFactory[] = [],
  ): DynamicModule {
    const plain = registrations.flatMap(({ providerFactories }) => providerFactories ?? []);
    const injected = registrations.flatMap(({ injectedProviderFactories }) =>
      injectedProviderFactories ? [injectedProviderFactories] : [],
    );
    return {
      module: ProviderTypesModule,
      global: true,
      imports: injected.map(({ module }) => module(settings)),
      providers: [
        {
          provide: PROVIDER_FACTORIES,
          inject: injected.flatMap(({ factories }) => factories),
          useFactory: (...made: ProviderFactory[]) => [...plain, ...made, ...added],
        },
      ],
      exports: [PROVIDER_FACTORIES],
    };
  }
}
