import { Module } from '@nestjs/common';
import { LogsController } from './messages.controller';
import { LogsService } from './message-log.service';

@Module({ controllers: [LogsController], providers: [LogsService] })
export class LogsModule {}
