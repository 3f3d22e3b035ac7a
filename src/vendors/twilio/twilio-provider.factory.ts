import type {
  Provider,
  ProviderConfig,
  ProviderContext,
  ProviderFactory,
} from '../../contract/provider';
import { twilioOptions } from './twilio-options';
import { statusCallbackUrl } from './twilio-send';
import { TwilioSmsProvider } from './twilio-sms.provider';
import { TwilioVoiceProvider } from './twilio-voice.provider';
import { TwilioWhatsAppProvider } from './twilio-whatsapp.provider';
import { TwilioClient } from './twilio.client';

/**
 * Type `twilio`: one type for SMS, WhatsApp and voice, each entry one account (and sender);
 * several entries in a channel fail over like any providers.
 */
export class TwilioProviderFactory implements ProviderFactory {
  readonly type = 'twilio';

  create(config: ProviderConfig, context: ProviderContext): Provider {
    const options = twilioOptions(config);
    const client = new TwilioClient({
      accountSid: options.accountSid,
      authToken: options.authToken,
      apiBaseUrl: options.apiBaseUrl,
      timeoutMs: config.timeoutMs,
    });
    const callback = statusCallbackUrl(context.publicUrl);
    switch (config.channel) {
      case 'sms':
        return new TwilioSmsProvider(config.id, client, options, callback);
      case 'whatsapp':
        return new TwilioWhatsAppProvider(config.id, client, options, callback);
      case 'voice':
        return new TwilioVoiceProvider(config.id, client, options, callback);
      case 'email':
      case 'webhook':
      case 'inapp':
      case 'push':
        throw new Error(
          `provider ${config.id} (type twilio): channel ${config.channel} is not served by Twilio (sms, whatsapp and voice are)`,
        );
    }
  }
}
