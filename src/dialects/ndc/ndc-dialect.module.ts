import { type DynamicModule, Module, RequestMethod } from '@nestjs/common';
import type { RouteInfo } from '@nestjs/common/interfaces';
import { MessageLogApiModule } from '../../api/messages/message-log-api.module';
import { EmailModule } from '../../channels/email/email.module';
import { SmsModule } from '../../channels/sms/sms.module';
import { oncePerSettings } from '../../common/modules/once-per-settings';
import { SendingModule } from '../../sending/sending.module';
import { NdcController } from './ndc.controller';
import { NdcService } from './ndc.service';

/** The comms API (seed 001), served at `/v1/messages`, beside the unified API's prefix. */
@Module({})
export class NdcDialectModule {
  static readonly routesOutsidePrefix: readonly RouteInfo[] = [
    { path: 'v1/messages', method: RequestMethod.ALL },
    { path: 'v1/messages/:messageId', method: RequestMethod.ALL },
  ];

  static readonly forRoot = oncePerSettings((settings): DynamicModule => ({
    module: NdcDialectModule,
    imports: [
      SendingModule.forRoot(settings),
      EmailModule.forRoot(settings),
      SmsModule.forRoot(settings),
      MessageLogApiModule.forRoot(settings),
    ],
    controllers: [NdcController],
    providers: [NdcService],
  }));
}
