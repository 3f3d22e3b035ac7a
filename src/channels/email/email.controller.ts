import { Body, Controller, Headers, Post, Res } from '@nestjs/common';
import { ApiBody, ApiOperation } from '@nestjs/swagger';
import { DescribedTag } from '../../common/http/openapi-registry';
import type { Response } from 'express';
import { attachmentBodies, ReadBody } from '../../common/http/body-reading';
import { presentSendAnswer } from '../../sending/send-answer';
import { sendOptions } from '../../sending/send-options';
import { SendRoute } from '../../sending/send-route.decorator';
import { ErrorResponse } from '../../common/http/openapi-responses';
import { SendEmailDto } from './send-email.dto';
import { EMAIL_EXAMPLES } from './send-email.examples';
import { EmailService } from './email.service';
import type { SendOrigin } from '../../sending/send-origin';
import { SendingApp } from '../../sending/sending-app.decorator';

@DescribedTag(
  'email',
  'Email through SMTP or Amazon SES: raw or from stored templates, with attachments',
)
@Controller('messages/email')
export class EmailController {
  constructor(private readonly email: EmailService) {}

  @Post()
  @SendRoute()
  @ErrorResponse(
    422,
    "RECIPIENT_SUPPRESSED: `Prefer: wait` saw the email refused because an address is on the app's suppression list (send without it, or take it off the list)",
  )
  @ReadBody(attachmentBodies)
  @ApiOperation({ summary: 'Send an email' })
  @ApiBody({ type: SendEmailDto, examples: EMAIL_EXAMPLES })
  async send(
    @SendingApp() origin: SendOrigin,
    @Body() body: SendEmailDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Headers('prefer') prefer: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const options = sendOptions(idempotencyKey, prefer);
    return presentSendAnswer(
      res,
      await this.email.send(origin, body, options),
      options.waitSeconds,
    );
  }
}
