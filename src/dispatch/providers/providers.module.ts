import { type DynamicModule, Module } from '@nestjs/common';
import { InboxProviderFactory } from '../../channels/inapp/inbox.provider';
import { InboxStoreModule } from '../../channels/inapp/inbox-store.module';
import { oncePerSettings } from '../../common/modules/once-per-settings';
import { PROVIDER_FACTORIES, type ProviderFactory } from '../../contract/provider';
import { ADDED_PROVIDER_FACTORIES } from './provider-types.module';
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

/** The provider registry, over the built-in types, the `inbox` type and those a deployment adds. */
@Module({})
export class ProvidersModule {
  static readonly forRoot = oncePerSettings((settings): DynamicModule => ({
    module: ProvidersModule,
    imports: [InboxStoreModule.forRoot(settings)],
    providers: [
      // The inbox type writes to the service's own store, so it comes from injection.
      {
        provide: PROVIDER_FACTORIES,
        inject: [InboxProviderFactory, ADDED_PROVIDER_FACTORIES],
        useFactory: (inbox: ProviderFactory, added: readonly ProviderFactory[]) => [
          ...BUILT_IN_FACTORIES,
          inbox,
          ...added,
        ],
      },
      ProviderRegistry,
    ],
    exports: [ProviderRegistry],
  }));
}
