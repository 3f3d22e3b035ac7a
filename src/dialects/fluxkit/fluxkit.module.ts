import { type DynamicModule, Module } from '@nestjs/common';
import { EmailModule } from '../../channels/email/email.module';
import { SmsModule } from '../../channels/sms/sms.module';
import { WhatsappModule } from '../../channels/whatsapp/whatsapp.module';
import { oncePerSettings } from '../../common/modules/once-per-settings';
import { DispatchModule } from '../../dispatch/dispatch.module';
import { ProvidersModule } from '../../dispatch/providers/providers.module';
import { AppsModule } from '../../identity/apps.module';
import { SendingModule } from '../../sending/sending.module';
import { FluxkitHealthService } from './fluxkit-health.service';
import { FluxkitLogsService } from './fluxkit-logs.service';
import { FluxkitController } from './fluxkit.controller';
import { FluxkitService } from './fluxkit.service';

export { FLUXKIT_BASE_PATH } from './fluxkit.controller';

/** The FluxKit messaging API over the email, SMS and WhatsApp channels and the message log. */
@Module({})
export class FluxkitModule {
  static readonly forRoot = oncePerSettings((settings): DynamicModule => ({
    module: FluxkitModule,
    imports: [
      AppsModule.forRoot(settings),
      SendingModule.forRoot(settings),
      DispatchModule.forRoot(settings),
      ProvidersModule.forRoot(settings),
      EmailModule.forRoot(settings),
      SmsModule.forRoot(settings),
      WhatsappModule.forRoot(settings),
    ],
    controllers: [FluxkitController],
    providers: [FluxkitService, FluxkitLogsService, FluxkitHealthService],
  }));
}
