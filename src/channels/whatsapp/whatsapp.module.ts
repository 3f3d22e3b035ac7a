import { type DynamicModule, Module } from '@nestjs/common';
import { oncePerSettings } from '../../common/modules/once-per-settings';
import { AppsModule } from '../../identity/apps.module';
import { SendingModule } from '../../sending/sending.module';
import { WhatsappController } from './whatsapp.controller';
import { WhatsappService } from './whatsapp.service';

/**
 * The WhatsApp channel's send route, through the pipeline (whose outbound-URL policy checks media
 * links); the service is what broadcasts call too.
 */
@Module({})
export class WhatsappModule {
  static readonly forRoot = oncePerSettings((settings): DynamicModule => ({
    module: WhatsappModule,
    imports: [AppsModule.forRoot(settings), SendingModule.forRoot(settings)],
    controllers: [WhatsappController],
    providers: [WhatsappService],
    exports: [WhatsappService],
  }));
}
