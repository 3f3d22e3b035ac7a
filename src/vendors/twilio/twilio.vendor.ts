import type { Registration } from '../../contract/registration';
import { TwilioProviderFactory } from './twilio-provider.factory';
import { twilioSettings } from './twilio-settings';
import { TwilioModule } from './twilio.module';

/** Twilio: SMS, WhatsApp and voice, and its status callbacks. */
export const twilioVendor: Registration = {
  settings: twilioSettings,
  providerFactories: [new TwilioProviderFactory()],
  module: (settings) => TwilioModule.forRoot(settings),
};
