import { SendWhatsappDto } from '../../../channels/whatsapp/send-whatsapp.dto';
import { WhatsappService } from '../../../channels/whatsapp/whatsapp.service';
import { textOf } from '../broadcast-text';
import { type ChannelRoute, commonFields } from '../channel-route';

/** WhatsApp: the body as free-form text. */
export const WHATSAPP_ROUTE: ChannelRoute<SendWhatsappDto> = {
  service: WhatsappService,
  dto: SendWhatsappDto,
  body: (broadcast) => ({
    ...commonFields(broadcast),
    to: broadcast.phone,
    body: textOf(broadcast),
  }),
  fields: { to: 'phone' },
};
