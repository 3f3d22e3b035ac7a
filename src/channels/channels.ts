import type { Registration } from '../contract/registration';
import { emailChannel } from './email/email.channel';
import { inappChannel } from './inapp/inapp.channel';
import { pushChannel } from './push/push.channel';
import { smsChannel } from './sms/sms.channel';
import { voiceChannel } from './voice/voice.channel';
import { webhookChannel } from './webhook/webhook.channel';
import { whatsappChannel } from './whatsapp/whatsapp.channel';

/** Every channel of this build, one line each, in the order of their routes in the API. */
export const CHANNEL_REGISTRATIONS: readonly Registration[] = [
  inappChannel,
  smsChannel,
  whatsappChannel,
  voiceChannel,
  pushChannel,
  emailChannel,
  webhookChannel,
];
