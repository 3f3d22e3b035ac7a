import { Body, Controller, Headers, Post, Res } from '@nestjs/common';
import { ApiBody, ApiOperation } from '@nestjs/swagger';
import { DescribedTag } from '../../common/http/openapi-registry';
import type { Response } from 'express';
import { presentSendAnswer } from '../../sending/send-answer';
import { sendOptions } from '../../sending/send-options';
import { SendRoute } from '../../sending/send-route.decorator';
import { WHATSAPP_EXAMPLES, SendWhatsappDto } from './send-whatsapp.dto';
import { WhatsappService } from './whatsapp.service';
import type { SendOrigin } from '../../sending/send-origin';
import { SendingApp } from '../../sending/sending-app.decorator';

@DescribedTag(
  'whatsapp',
  "WhatsApp messages: free-form inside the recipient's 24-hour session, or approved templates",
)
@Controller('messages/whatsapp')
export class WhatsappController {
  constructor(private readonly whatsapp: WhatsappService) {}

  @Post()
  @SendRoute()
  @ApiOperation({
    summary: 'Send a WhatsApp message',
    description:
      "Free-form (`body` and/or one `media` item), delivered only inside the recipient's 24-hour session, or a pre-approved `template` (Twilio Content SID and variables), the way to start a conversation. " +
      'Numbers are plain E.164; a `whatsapp:` prefix is taken off. `media` takes at most one item, since Twilio sends one per WhatsApp message; its URL must be public http(s) and the file at most 16 MB (images 5 MB). ' +
      'Validation codes: `message_empty`, `message_too_long`, `conflicting_content`, `too_many_media`, `unsupported_media_type`, `invalid_url`, `invalid_content_sid`, `invalid_template_variables`, `invalid_phone`.',
  })
  @ApiBody({ type: SendWhatsappDto, examples: WHATSAPP_EXAMPLES })
  async send(
    @SendingApp() origin: SendOrigin,
    @Body() body: SendWhatsappDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Headers('prefer') prefer: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const options = sendOptions(idempotencyKey, prefer);
    return presentSendAnswer(
      res,
      await this.whatsapp.send(origin, body, options),
      options.waitSeconds,
    );
  }
}
