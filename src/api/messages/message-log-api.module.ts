import { type DynamicModule, Module } from '@nestjs/common';
import { oncePerSettings } from '../../common/modules/once-per-settings';
import { DispatchModule } from '../../dispatch/dispatch.module';
import { LogsController } from './messages.controller';
import { MessageLogService } from './message-log.service';

/** The message log's read and cancel routes, over the pipeline's store and change notices. */
@Module({})
export class MessageLogApiModule {
  static readonly forRoot = oncePerSettings((settings): DynamicModule => ({
    module: MessageLogApiModule,
    imports: [DispatchModule.forRoot(settings)],
    controllers: [LogsController],
    providers: [MessageLogService],
    exports: [MessageLogService],
  }));
}
