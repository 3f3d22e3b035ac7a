import { type DynamicModule, Module } from '@nestjs/common';
import { PROVIDER_FACTORIES, type ProviderFactory } from './provider';
import { ProviderRegistry } from './provider.registry';
import { SandboxProviderFactory } from './sandbox.provider';
import { SesProviderFactory } from './ses/ses-provider.factory';
import { SmtpProviderFactory } from './smtp/smtp-provider.factory';
import { TwilioProviderFactory } from './twilio/twilio-provider.factory';

/** Factories of every provider type this build knows; channel issues add theirs here. */
const BUILT_IN_FACTORIES: readonly ProviderFactory[] = [
  new SandboxProviderFactory(),
  new TwilioProviderFactory(),
  new SmtpProviderFactory(),
  new SesProviderFactory(),
];

@Module({})
export class ProvidersModule {
  /** `extraFactories` lets a deployment (or a test) add provider types. */
  static forRoot(extraFactories: readonly ProviderFactory[] = []): DynamicModule {
    return {
      module: ProvidersModule,
      global: true,
      providers: [
        { provide: PROVIDER_FACTORIES, useValue: [...BUILT_IN_FACTORIES, ...extraFactories] },
        ProviderRegistry,
      ],
      exports: [ProviderRegistry],
    };
  }
}
