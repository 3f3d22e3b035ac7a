import { Body, Controller, Headers, Post, Res } from '@nestjs/common';
import { ApiBody, ApiOperation } from '@nestjs/swagger';
import { DescribedTag } from '../../common/http/openapi-registry';
import type { Response } from 'express';
import { presentSendAnswer } from '../../sending/send-answer';
import { sendOptions } from '../../sending/send-options';
import { SendRoute } from '../../sending/send-route.decorator';
import { WEBHOOK_EXAMPLES, SendWebhookDto } from './send-webhook.dto';
import { WebhookService } from './webhook.service';
import type { SendOrigin } from '../../sending/send-origin';
import { SendingApp } from '../../sending/sending-app.decorator';

@DescribedTag('webhook', "Messages POSTed as signed JSON to a URL of the caller's choosing")
@Controller('messages/webhook')
export class WebhookController {
  constructor(private readonly webhook: WebhookService) {}

  @Post()
  @SendRoute()
  @ApiOperation({
    summary: 'Post a message to a webhook',
    description:
      "POSTs `{subject, body, metadata, messageId, sentAt}` as JSON to `webhookUrl`, signed like status callbacks (`Switchboard-Signature`, HMAC-SHA256 with the app's callback secret). " +
      'A 2xx answer is DELIVERED; 404 and 410 are UNDELIVERABLE; other 4xx (but 408 and 429) are FAILED at once; 408, 429, 5xx, timeouts and connection errors retry, then fail over. Redirects are not followed. ' +
      'Validation codes: `invalid_url`, `message_empty`, `message_too_long`.',
  })
  @ApiBody({ type: SendWebhookDto, examples: WEBHOOK_EXAMPLES })
  async send(
    @SendingApp() origin: SendOrigin,
    @Body() body: SendWebhookDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Headers('prefer') prefer: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const options = sendOptions(idempotencyKey, prefer);
    return presentSendAnswer(
      res,
      await this.webhook.send(origin, body, options),
      options.waitSeconds,
    );
  }
}
