import { type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { TwilioSignatureVerifier } from './twilio-signature';
import { ProviderReportsModule } from '../../provider-reports/provider-reports.module';
import { parseFormBodies } from '../../common/http/form-body';
import { SesWebhooksController } from '../ses/ses-reports.controller';
import { SesWebhooksService } from '../ses/ses-reports.service';
import { parseSnsBodies } from '../ses/sns/sns-body';
import { FetchSnsHttpsClient, SnsHttpsClient } from '../ses/sns/sns-https.client';
import { SnsSignatureVerifier } from '../ses/sns/sns-signature';
import { TwilioWebhooksController } from './twilio-reports.controller';
import { TwilioWebhooksService } from './twilio-reports.service';

/**
 * Callbacks from providers into the gateway: Twilio's status callbacks, and SES's
 * notifications through Amazon SNS.
 */
@Module({
  imports: [ProviderReportsModule],
  controllers: [TwilioWebhooksController, SesWebhooksController],
  providers: [
    TwilioWebhooksService,
    TwilioSignatureVerifier,
    SesWebhooksService,
    SnsSignatureVerifier,
    { provide: SnsHttpsClient, useClass: FetchSnsHttpsClient },
  ],
})
export class WebhooksModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(parseFormBodies).forRoutes(TwilioWebhooksController);
    consumer.apply(parseSnsBodies).forRoutes(SesWebhooksController);
  }
}
