import type { Registration } from '../../contract/registration';
import { WhatsappModule } from './whatsapp.module';

/** WhatsApp messages, templates and media. */
export const whatsappChannel: Registration = {
  module: (settings) => WhatsappModule.forRoot(settings),
};
