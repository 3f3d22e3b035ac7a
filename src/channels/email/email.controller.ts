import { Body, Controller, Headers, Post, Res } from '@nestjs/common';
import { ApiBody, ApiOperation } from '@nestjs/swagger';
import { DescribedTag } from '../../common/http/openapi-registry';
import type { Response } from 'express';
import { CallerApp } from '../../identity/caller-app.decorator';
import type { AcceptedDto } from '../../sending/accepted.dto';
import { presentSendAnswer } from '../../sending/send-answer';
import { sendOptions } from '../../sending/send-options';
import { SendRoute } from '../../sending/send-route.decorator';
import { EMAIL_EXAMPLES, SendEmailDto } from './send-email.dto';
import { EmailService } from './email.service';
import type { AppScope } from '../../identity/app-scope';

@DescribedTag(
  'email',
  'Email through SMTP or Amazon SES: raw or from stored templates, with attachments',
)
@Controller('messages/email')
export class EmailController {
  constructor(private readonly email: EmailService) {}

  @Post()
  @SendRoute()
  @ApiOperation({ summary: 'Send an email' })
  @ApiBody({ type: SendEmailDto, examples: EMAIL_EXAMPLES })
  async send(
    @CallerApp() app: AppScope,
    @Body() body: SendEmailDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Headers('prefer') prefer: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AcceptedDto> {
    const options = sendOptions(idempotencyKey, prefer);
    return presentSendAnswer(res, await this.email.send(app, body, options), options.waitSeconds);
  }
}
