import { Body, Controller, Headers, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CallerApp } from '../../identity/caller-app.decorator';
import type { AcceptedDto } from '../../sending/accepted.dto';
import { presentSendAnswer } from '../../sending/send-answer';
import { sendOptions } from '../../sending/send-options';
import { SendRoute } from '../../sending/send-route.decorator';
import { SendSmsDto } from './send-sms.dto';
import { SmsService } from './sms.service';
import type { AppScope } from '../../identity/app-scope';

@ApiTags('sms')
@Controller('messages/sms')
export class SmsController {
  constructor(private readonly sms: SmsService) {}

  @Post()
  @SendRoute()
  @ApiOperation({ summary: 'Send an SMS' })
  async send(
    @CallerApp() app: AppScope,
    @Body() body: SendSmsDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Headers('prefer') prefer: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AcceptedDto> {
    const options = sendOptions(idempotencyKey, prefer);
    return presentSendAnswer(res, await this.sms.send(app, body, options), options.waitSeconds);
  }
}
