import { PushService } from '../../../channels/push/push.service';
import { SendPushDto } from '../../../channels/push/send-push.dto';
import { textOf } from '../broadcast-text';
import { type ChannelRoute, commonFields } from '../channel-route';

/** Push: the subject as the title and the body, to a Web Push subscription or an FCM token. */
export const PUSH_ROUTE: ChannelRoute<SendPushDto> = {
  service: PushService,
  dto: SendPushDto,
  body: (broadcast) => ({
    ...commonFields(broadcast),
    pushSubscription: broadcast.pushSubscription,
    pushToken: broadcast.pushToken,
    subject: broadcast.subject,
    body: textOf(broadcast),
  }),
  fields: {},
};
