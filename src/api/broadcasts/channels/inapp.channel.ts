import { InappService } from '../../../channels/inapp/inapp.service';
import { SendInappDto } from '../../../channels/inapp/send-inapp.dto';
import { textOf } from '../broadcast-text';
import { type ChannelRoute, commonFields } from '../channel-route';

/** In-app: the subject and body, into the inbox of `userId`. */
export const INAPP_ROUTE: ChannelRoute<SendInappDto> = {
  service: InappService,
  dto: SendInappDto,
  body: (broadcast) => ({
    ...commonFields(broadcast),
    userId: broadcast.userId,
    subject: broadcast.subject,
    body: textOf(broadcast),
  }),
  fields: {},
};
