import { type DynamicModule, Module } from '@nestjs/common';
import { oncePerSettings } from '../../common/modules/once-per-settings';
import { MessagesModule } from '../../dispatch/dispatch.module';
import { AppsModule } from '../../identity/apps/apps.module';
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
    imports: [MessagesModule.forRoot(settings), AppsModule.forRoot(settings)],
    controllers: [WebhookController],
    providers: [WebhookService, SigningSecretLoader],
    exports: [WebhookService],
  }));
}
