import { type DynamicModule, Module, RequestMethod } from '@nestjs/common';
import type { RouteInfo } from '@nestjs/common/interfaces';
import { MessageLogApiModule } from '../../api/messages/message-log-api.module';
import { EmailModule } from '../../channels/email/email.module';
import { SmsModule } from '../../channels/sms/sms.module';
import { oncePerSettings } from '../../common/modules/once-per-settings';
import { SendingModule } from '../../sending/sending.module';
import { DgapiEmailController, DgapiSmsController } from './dgapi.controller';
import { DgapiService } from './dgapi.service';

/** The Disposition Gateway's messaging (seed 004), served at `/sms` and `/email`. */
@Module({})
export class DgapiDialectModule {
  static readonly routesOutsidePrefix: readonly RouteInfo[] = [
    { path: 'sms/:entity', method: RequestMethod.ALL },
    { path: 'email', method: RequestMethod.ALL },
    { path: 'email/:entity', method: RequestMethod.ALL },
  ];

  static readonly forRoot = oncePerSettings((settings): DynamicModule => ({
    module: DgapiDialectModule,
    imports: [
      SendingModule.forRoot(settings),
      SmsModule.forRoot(settings),
      EmailModule.forRoot(settings),
      MessageLogApiModule.forRoot(settings),
    ],
    controllers: [DgapiSmsController, DgapiEmailController],
    providers: [DgapiService],
  }));
}
