import { type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { parseFormBodies } from '../../common/http/form-body';
import { ProviderReportsModule } from '../../provider-reports/provider-reports.module';
import { TwilioWebhooksController } from './twilio-reports.controller';
import { TwilioWebhooksService } from './twilio-reports.service';
import { TwilioSignatureVerifier } from './twilio-signature';

/** Twilio's status callbacks into the gateway: form-encoded, signed with an account's token. */
@Module({
  imports: [ProviderReportsModule],
  controllers: [TwilioWebhooksController],
  providers: [TwilioWebhooksService, TwilioSignatureVerifier],
})
export class TwilioModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(parseFormBodies).forRoutes(TwilioWebhooksController);
  }
}
