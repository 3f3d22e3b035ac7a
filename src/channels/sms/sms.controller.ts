import { Body, Controller, Headers, Post, Res } from '@nestjs/common';
import { ApiBody, ApiOperation } from '@nestjs/swagger';
import { DescribedTag } from '../../common/http/openapi-registry';
import type { Response } from 'express';
import { presentSendAnswer } from '../../sending/send-answer';
import { sendOptions } from '../../sending/send-options';
import { SendRoute } from '../../sending/send-route.decorator';
import { SendSmsDto, SMS_EXAMPLES } from './send-sms.dto';
import { SmsService } from './sms.service';
import type { SendOrigin } from '../../sending/send-origin';
import { SendingApp } from '../../sending/sending-app.decorator';

@DescribedTag('sms', 'Text messages to phones, through the SMS providers in fail-over order')
@Controller('messages/sms')
export class SmsController {
  constructor(private readonly sms: SmsService) {}

  @Post()
  @SendRoute()
  @ApiOperation({ summary: 'Send an SMS' })
  @ApiBody({ type: SendSmsDto, examples: SMS_EXAMPLES })
  async send(
    @SendingApp() origin: SendOrigin,
    @Body() body: SendSmsDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Headers('prefer') prefer: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const options = sendOptions(idempotencyKey, prefer);
    return presentSendAnswer(res, await this.sms.send(origin, body, options), options.waitSeconds);
  }
}
