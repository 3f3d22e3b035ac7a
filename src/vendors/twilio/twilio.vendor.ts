import type { Registration } from '../../contract/registration';
import { twilioSettings } from './twilio-settings';

/** Twilio: SMS, WhatsApp and voice. */
export const twilioVendor: Registration = {
  settings: twilioSettings,
};
