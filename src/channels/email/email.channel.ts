import type { Registration } from '../../contract/registration';
import { emailChannelSettings } from './email-settings';

/** Email: messages with attachments, through the email vendors' providers. */
export const emailChannel: Registration = {
  settings: emailChannelSettings,
};
