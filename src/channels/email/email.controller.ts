import { Body, Controller, Headers, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { attachmentBodies, ReadBody } from '../../common/http/body-reading';
import { presentSendAnswer } from '../../sending/send-answer';
import { sendOptions } from '../../sending/send-options';
import { SendRoute } from '../../sending/send-route.decorator';
import { SendEmailDto } from './send-email.dto';
import { EmailService } from './email.service';
import type { SendOrigin } from '../../sending/send-origin';
import { SendingApp } from '../../sending/sending-app.decorator';

@ApiTags('email')
@Controller('messages/email')
export class EmailController {
  constructor(private readonly email: EmailService) {}

  @Post()
  @SendRoute()
  @ReadBody(attachmentBodies)
  @ApiOperation({ summary: 'Send an email' })
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
