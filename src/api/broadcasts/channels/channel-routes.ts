import type { ChannelRoute } from '../channel-route';
import { EMAIL_ROUTE } from './email.channel';
import { INAPP_ROUTE } from './inapp.channel';
import { PUSH_ROUTE } from './push.channel';
import { SMS_ROUTE } from './sms.channel';
import { VOICE_ROUTE } from './voice.channel';
import { WEBHOOK_ROUTE } from './webhook.channel';
import { WHATSAPP_ROUTE } from './whatsapp.channel';
import type { Channel } from '../../../contract/channel';

/** How a broadcast reaches each channel: one adapter per channel, none left out. */
export const CHANNEL_ROUTES: Readonly<Record<Channel, ChannelRoute>> = {
  email: EMAIL_ROUTE,
  sms: SMS_ROUTE,
  whatsapp: WHATSAPP_ROUTE,
  voice: VOICE_ROUTE,
  webhook: WEBHOOK_ROUTE,
  inapp: INAPP_ROUTE,
  push: PUSH_ROUTE,
};
