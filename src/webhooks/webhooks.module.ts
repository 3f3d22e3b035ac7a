import { type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { TwilioSignatureVerifier } from '../providers/twilio/twilio-signature';
import { CallbackPatience } from './callback-patience';
import { parseFormBodies } from './form-body';
import { TwilioWebhooksController } from './twilio-webhooks.controller';
import { TwilioWebhooksService } from './twilio-webhooks.service';

/** Callbacks from providers into the gateway: Twilio's status callbacks. */
@Module({
  controllers: [TwilioWebhooksController],
  providers: [TwilioWebhooksService, TwilioSignatureVerifier, CallbackPatience],
})
export class WebhooksModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(parseFormBodies).forRoutes(TwilioWebhooksController);
  }
}
