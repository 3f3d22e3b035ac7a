import { type DynamicModule, Module } from '@nestjs/common';
import { oncePerSettings } from '../../common/modules/once-per-settings';
import { MessagesModule } from '../../dispatch/dispatch.module';
import { LogsController } from './messages.controller';
import { LogsService } from './message-log.service';

/** The message log's read and cancel routes, over the pipeline's store and change notices. */
@Module({})
export class LogsModule {
  static readonly forRoot = oncePerSettings((settings): DynamicModule => ({
    module: LogsModule,
    imports: [MessagesModule.forRoot(settings)],
    controllers: [LogsController],
    providers: [LogsService],
  }));
}
