import { Module } from '@nestjs/common';
import { SmsController } from './sms.controller';
import { SmsService } from './sms.service';

/** The SMS channel's send route; the service is what broadcasts call too. */
@Module({ controllers: [SmsController], providers: [SmsService], exports: [SmsService] })
export class SmsModule {}
