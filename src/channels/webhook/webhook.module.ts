import { Module } from '@nestjs/common';
import { SigningSecretLoader } from './signing-secret.loader';
import { WebhookController } from './webhook.controller';
import { WebhookService } from './webhook.service';

/** The webhook channel: its send route, and the signing secret its providers need. */
@Module({
  controllers: [WebhookController],
  providers: [WebhookService, SigningSecretLoader],
  exports: [WebhookService],
})
export class WebhookModule {}
