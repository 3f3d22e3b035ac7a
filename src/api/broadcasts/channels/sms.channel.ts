import { SendSmsDto } from '../../../channels/sms/send-sms.dto';
import { SmsService } from '../../../channels/sms/sms.service';
import { textOf } from '../broadcast-text';
import { type ChannelRoute, commonFields } from '../channel-route';

/** SMS: the body as the text. */
export const SMS_ROUTE: ChannelRoute<SendSmsDto> = {
  service: SmsService,
  dto: SendSmsDto,
  body: (broadcast) => ({
    ...commonFields(broadcast),
    to: broadcast.phone,
    body: textOf(broadcast),
  }),
  fields: { to: 'phone' },
};
