import { SendWebhookDto } from '../../../channels/webhook/send-webhook.dto';
import { WebhookService } from '../../../channels/webhook/webhook.service';
import { textOf } from '../broadcast-text';
import { type ChannelRoute, commonFields } from '../channel-route';

/** Webhook: the subject and body, POSTed to `webhookUrl`. */
export const WEBHOOK_ROUTE: ChannelRoute<SendWebhookDto> = {
  service: WebhookService,
  dto: SendWebhookDto,
  body: (broadcast) => ({
    ...commonFields(broadcast),
    webhookUrl: broadcast.webhookUrl,
    subject: broadcast.subject,
    body: textOf(broadcast),
  }),
  fields: {},
};
