import type { Registration } from '../../contract/registration';
import { emailChannelSettings } from './email-settings';
import { EmailModule } from './email.module';

/** Email: messages with attachments, through the email vendors' providers. */
export const emailChannel: Registration = {
  settings: emailChannelSettings,
  module: (settings) => EmailModule.forRoot(settings),
};
