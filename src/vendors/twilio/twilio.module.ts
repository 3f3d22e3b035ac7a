import { type DynamicModule, Module } from '@nestjs/common';
import { oncePerSettings } from '../../common/modules/once-per-settings';
import { ProviderReportsModule } from '../../provider-reports/provider-reports.module';
import { TwilioWebhooksController } from './twilio-reports.controller';
import { TwilioWebhooksService } from './twilio-reports.service';
import { TwilioSignatureVerifier } from './twilio-signature';

/** Twilio's status callbacks into the gateway: form-encoded, signed with an account's token. */
@Module({})
export class TwilioModule {
  static readonly forRoot = oncePerSettings((settings): DynamicModule => ({
    module: TwilioModule,
    imports: [ProviderReportsModule.forRoot(settings)],
    controllers: [TwilioWebhooksController],
    providers: [TwilioWebhooksService, TwilioSignatureVerifier],
  }));
}
