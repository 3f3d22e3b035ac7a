import { type DynamicModule, Module } from '@nestjs/common';
import { oncePerSettings } from '../../common/modules/once-per-settings';
import { AppsModule } from '../../identity/apps.module';
import { SendingModule } from '../../sending/sending.module';
import { SmsController } from './sms.controller';
import { SmsService } from './sms.service';

/** The SMS channel's send route, through the pipeline; the service is what broadcasts call too. */
@Module({})
export class SmsModule {
  static readonly forRoot = oncePerSettings((settings): DynamicModule => ({
    module: SmsModule,
    imports: [AppsModule.forRoot(settings), SendingModule.forRoot(settings)],
    controllers: [SmsController],
    providers: [SmsService],
    exports: [SmsService],
  }));
}
