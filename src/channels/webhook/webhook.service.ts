import { Injectable } from '@nestjs/common';
import { ValidationFailed } from '../../common/errors/api-error';
import { OutboundUrlPolicy } from '../../common/http/outbound-url';
import type { SendAnswer } from '../../sending/send-answer';
import { SendService } from '../../sending/send.service';
import { commonRequest } from '../../sending/send-common.dto';
import type { SendOptions } from '../../sending/send-request';
import type { SendWebhookDto } from './send-webhook.dto';
import type { WebhookContent } from '../../contract/content/webhook.content';
import type { SendOrigin } from '../../sending/send-origin';

@Injectable()
export class WebhookService {
  constructor(
    private readonly messages: SendService,
    private readonly urls: OutboundUrlPolicy,
  ) {}

  /**
   * Accepts a webhook message. The URL is checked here as far as it can be without DNS; its
   * host is resolved and checked when the message is sent.
   */
  send(origin: SendOrigin, dto: SendWebhookDto, options: SendOptions): Promise<SendAnswer> {
    const reason = this.urls.checkSyntax(dto.webhookUrl);
    if (reason) {
      throw new ValidationFailed([
        { field: 'webhookUrl', code: 'invalid_url', message: `webhookUrl ${reason}` },
      ]);
    }
    const content: WebhookContent = {
      ...(dto.subject === undefined ? {} : { subject: dto.subject }),
      body: dto.body,
    };
    return this.messages.accept(
      origin,
      {
        channel: 'webhook',
        to: [dto.webhookUrl],
        content: { ...content },
        ...commonRequest(dto),
        body: dto,
      },
      options,
    );
  }
}
