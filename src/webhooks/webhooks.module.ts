import { type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { TwilioSignatureVerifier } from '../providers/twilio/twilio-signature';
import { CallbackPatience } from './callback-patience';
import { parseFormBodies } from './form-body';
import { SesWebhooksController } from './ses-webhooks.controller';
import { SesWebhooksService } from './ses-webhooks.service';
import { parseSnsBodies } from './sns-body';
import { FetchSnsHttpsClient, SnsHttpsClient } from './sns-https.client';
import { SnsSignatureVerifier } from './sns-signature';
import { TwilioWebhooksController } from './twilio-webhooks.controller';
import { TwilioWebhooksService } from './twilio-webhooks.service';

/**
 * Callbacks from providers into the gateway: Twilio's status callbacks, and SES's
 * notifications through Amazon SNS.
 */
@Module({
  controllers: [TwilioWebhooksController, SesWebhooksController],
  providers: [
    TwilioWebhooksService,
    TwilioSignatureVerifier,
    CallbackPatience,
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
