import { type DynamicModule, Module } from '@nestjs/common';
import { InboxProviderFactory } from '../../channels/inapp/inbox.provider';
import { PROVIDER_FACTORIES, type ProviderFactory } from '../../contract/provider';
import { ProviderRegistry } from './provider.registry';
import { SandboxProviderFactory } from '../../vendors/sandbox/sandbox.provider';
import { SesProviderFactory } from '../../vendors/ses/ses-provider.factory';
import { SmtpProviderFactory } from '../../vendors/smtp/smtp-provider.factory';
import { TwilioProviderFactory } from '../../vendors/twilio/twilio-provider.factory';
import { FcmProviderFactory } from '../../vendors/fcm/fcm-provider.factory';
import { WebPushProviderFactory } from '../../vendors/webpush/webpush-provider.factory';
import { WebhookProviderFactory } from '../../vendors/http/webhook-provider.factory';

/** Factories of every provider type this build knows; channel issues add theirs here. */
const BUILT_IN_FACTORIES: readonly ProviderFactory[] = [
  new SandboxProviderFactory(),
  new TwilioProviderFactory(),
  new SmtpProviderFactory(),
  new SesProviderFactory(),
  new WebPushProviderFactory(),
  new FcmProviderFactory(),
  new WebhookProviderFactory(),
];

@Module({})
export class ProvidersModule {
  /** `extraFactories` lets a deployment (or a test) add provider types. */
  static forRoot(extraFactories: readonly ProviderFactory[] = []): DynamicModule {
    return {
      module: ProvidersModule,
      global: true,
      providers: [
        // The inbox type writes to the service's own store, so it comes from injection.
        {
          provide: PROVIDER_FACTORIES,
          inject: [InboxProviderFactory],
          useFactory: (inbox: ProviderFactory) => [...BUILT_IN_FACTORIES, inbox, ...extraFactories],
        },
        ProviderRegistry,
      ],
      exports: [ProviderRegistry],
    };
  }
}
