import { type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { ProviderReportsModule } from '../../provider-reports/provider-reports.module';
import { SesWebhooksController } from './ses-reports.controller';
import { SesWebhooksService } from './ses-reports.service';
import { parseSnsBodies } from './sns/sns-body';
import { FetchSnsHttpsClient, SnsHttpsClient } from './sns/sns-https.client';
import { SnsSignatureVerifier } from './sns/sns-signature';

/** Amazon SES's notifications into the gateway, as Amazon SNS posts them. */
@Module({
  imports: [ProviderReportsModule],
  controllers: [SesWebhooksController],
  providers: [
    SesWebhooksService,
    SnsSignatureVerifier,
    { provide: SnsHttpsClient, useClass: FetchSnsHttpsClient },
  ],
})
export class SesModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(parseSnsBodies).forRoutes(SesWebhooksController);
  }
}
