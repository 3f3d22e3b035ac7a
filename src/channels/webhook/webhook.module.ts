import { type DynamicModule, Module } from '@nestjs/common';
import { oncePerSettings } from '../../common/modules/once-per-settings';
import { DispatchModule } from '../../dispatch/dispatch.module';
import { SendingModule } from '../../sending/sending.module';
import { AppsModule } from '../../identity/apps.module';
import { SigningSecretLoader } from './signing-secret.loader';
import { WebhookController } from './webhook.controller';
import { WebhookService } from './webhook.service';

/**
 * The webhook channel: its send route through the pipeline, and the app's signing secret its
 * providers need (loaded before each send). The service is what broadcasts call too.
 */
@Module({})
export class WebhookModule {
  static readonly forRoot = oncePerSettings((settings): DynamicModule => ({
    module: WebhookModule,
    imports: [
      DispatchModule.forRoot(settings),
      SendingModule.forRoot(settings),
      AppsModule.forRoot(settings),
    ],
    controllers: [WebhookController],
    providers: [WebhookService, SigningSecretLoader],
    exports: [WebhookService],
  }));
}
