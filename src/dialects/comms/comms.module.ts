import { type DynamicModule, Module } from '@nestjs/common';
import { EmailModule } from '../../channels/email/email.module';
import { SmsModule } from '../../channels/sms/sms.module';
import { VoiceModule } from '../../channels/voice/voice.module';
import { oncePerSettings } from '../../common/modules/once-per-settings';
import { DispatchModule } from '../../dispatch/dispatch.module';
import { ProvidersModule } from '../../dispatch/providers/providers.module';
import { AppsModule } from '../../identity/apps.module';
import { SendingModule } from '../../sending/sending.module';
import { CommsHealthService } from './comms-health.service';
import { CommsController } from './comms.controller';
import { CommsService } from './comms.service';

/** The Communications Service's API over the email, SMS and voice channels. */
@Module({})
export class CommsModule {
  static readonly forRoot = oncePerSettings((settings): DynamicModule => ({
    module: CommsModule,
    imports: [
      AppsModule.forRoot(settings),
      SendingModule.forRoot(settings),
      DispatchModule.forRoot(settings),
      ProvidersModule.forRoot(settings),
      EmailModule.forRoot(settings),
      SmsModule.forRoot(settings),
      VoiceModule.forRoot(settings),
    ],
    controllers: [CommsController],
    providers: [CommsService, CommsHealthService],
  }));
}
