import {
  type DynamicModule,
  type MiddlewareConsumer,
  Module,
  type NestModule,
} from '@nestjs/common';
import { oncePerSettings } from '../../common/modules/once-per-settings';
import { MessagesModule } from '../../dispatch/dispatch.module';
import { SuppressionsModule } from '../../suppressions/suppressions.module';
import { TwilioSignatureVerifier } from './twilio-signature';
import { CallbackPatience } from '../../provider-reports/callback-patience';
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
 * notifications through Amazon SNS. They update messages through the pipeline, and SES's
 * bounces and complaints add to the suppression list.
 */
@Module({})
export class WebhooksModule implements NestModule {
  static readonly forRoot = oncePerSettings((settings): DynamicModule => ({
    module: WebhooksModule,
    imports: [MessagesModule.forRoot(settings), SuppressionsModule.forRoot(settings)],
    controllers: [TwilioWebhooksController, SesWebhooksController],
    providers: [
      TwilioWebhooksService,
      TwilioSignatureVerifier,
      CallbackPatience,
      SesWebhooksService,
      SnsSignatureVerifier,
      { provide: SnsHttpsClient, useClass: FetchSnsHttpsClient },
    ],
  }));

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(parseFormBodies).forRoutes(TwilioWebhooksController);
    consumer.apply(parseSnsBodies).forRoutes(SesWebhooksController);
  }
}
