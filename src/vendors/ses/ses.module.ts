import { type DynamicModule, Module } from '@nestjs/common';
import { oncePerSettings } from '../../common/modules/once-per-settings';
import { EngagementModule } from '../../engagement/engagement.module';
import { ProviderReportsModule } from '../../provider-reports/provider-reports.module';
import { SuppressionsModule } from '../../suppressions/suppressions.module';
import { SesWebhooksController } from './ses-reports.controller';
import { SesWebhooksService } from './ses-reports.service';
import { SeenNotices } from './sns/seen-notices';
import { FetchSnsHttpsClient, SnsHttpsClient } from './sns/sns-https.client';
import { SnsSignatureVerifier } from './sns/sns-signature';

/**
 * Amazon SES's notifications into the gateway, as Amazon SNS posts them; bounces and complaints
 * add to the suppression list, opens and clicks to the message's engagement.
 */
@Module({})
export class SesModule {
  static readonly forRoot = oncePerSettings((settings): DynamicModule => ({
    module: SesModule,
    imports: [
      ProviderReportsModule.forRoot(settings),
      SuppressionsModule.forRoot(settings),
      EngagementModule.forRoot(settings),
    ],
    controllers: [SesWebhooksController],
    providers: [
      SesWebhooksService,
      SnsSignatureVerifier,
      SeenNotices,
      { provide: SnsHttpsClient, useClass: FetchSnsHttpsClient },
    ],
  }));
}
