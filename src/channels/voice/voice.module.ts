import { type DynamicModule, Module } from '@nestjs/common';
import { oncePerSettings } from '../../common/modules/once-per-settings';
import { AppsModule } from '../../identity/apps.module';
import { SendingModule } from '../../sending/sending.module';
import { VoiceController } from './voice.controller';
import { VoiceService } from './voice.service';

/**
 * The voice channel's send route, through the pipeline (whose outbound-URL policy checks TwiML
 * links); the service is what broadcasts call too.
 */
@Module({})
export class VoiceModule {
  static readonly forRoot = oncePerSettings((settings): DynamicModule => ({
    module: VoiceModule,
    imports: [AppsModule.forRoot(settings), SendingModule.forRoot(settings)],
    controllers: [VoiceController],
    providers: [VoiceService],
    exports: [VoiceService],
  }));
}
