import { type DynamicModule, Module } from '@nestjs/common';
import type { ProviderFactory } from '../../contract/provider';

/** Injection token of the provider types a deployment adds to the built-in ones. */
export const ADDED_PROVIDER_FACTORIES = Symbol('ADDED_PROVIDER_FACTORIES');

/**
 * The provider types a deployment (or a test) adds to the built-in ones, as the composition root
 * is given them. Global for the reason the settings are: it is configuration that only the root
 * holds, and the registry sits below every module that would otherwise have to carry it along.
 */
@Module({})
export class ProviderTypesModule {
  static forRoot(factories: readonly ProviderFactory[] = []): DynamicModule {
    return {
      module: ProviderTypesModule,
      global: true,
      providers: [{ provide: ADDED_PROVIDER_FACTORIES, useValue: factories }],
      exports: [ADDED_PROVIDER_FACTORIES],
    };
  }
}
