import { Body, Controller, Headers, Post, Res } from '@nestjs/common';
import { ApiBody, ApiOperation } from '@nestjs/swagger';
import { DescribedTag } from '../../common/http/openapi-registry';
import type { Response } from 'express';
import { CallerApp } from '../../identity/caller-app.decorator';
import type { AcceptedDto } from '../../sending/accepted.dto';
import { presentSendAnswer } from '../../sending/send-answer';
import { sendOptions } from '../../sending/send-options';
import { SendRoute } from '../../sending/send-route.decorator';
import { SendSmsDto, SMS_EXAMPLES } from './send-sms.dto';
import { SmsService } from './sms.service';
import type { AppScope } from '../../identity/app-scope';

@DescribedTag('sms', 'Text messages to phones, through the SMS providers in fail-over order')
@Controller('messages/sms')
export class SmsController {
  constructor(private readonly sms: SmsService) {}

  @Post()
  @SendRoute()
  @ApiOperation({ summary: 'Send an SMS' })
  @ApiBody({ type: SendSmsDto, examples: SMS_EXAMPLES })
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
