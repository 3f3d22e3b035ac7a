import { PROVIDER_DEFAULTS } from '../../contract/provider-settings';
import type { ProviderConfig } from '../../contract/provider';
import { TwilioProviderFactory } from './twilio-provider.factory';
import { TwilioSmsProvider } from './twilio-sms.provider';
import { TwilioVoiceProvider } from './twilio-voice.provider';
import { TwilioWhatsAppProvider } from './twilio-whatsapp.provider';
import type { Channel } from '../../contract/channel';

const config = (channel: Channel, options: Record<string, unknown> = {}): ProviderConfig => ({
  id: `twilio-${channel}`,
  type: 'twilio',
  channel,
  ...PROVIDER_DEFAULTS,
  options: {
    accountSid: 'AC0123456789abcdef0123456789abcdef',
    authToken: 'token',
    from: '+14155550100',
    ...options,
  },
});

describe('TwilioProviderFactory', () => {
  const factory = new TwilioProviderFactory();

  it('is the factory of type twilio', () => {
    expect(factory.type).toBe('twilio');
  });

  it.each<[Channel, new (...args: never[]) => unknown]>([
    ['sms', TwilioSmsProvider],
    ['whatsapp', TwilioWhatsAppProvider],
    ['voice', TwilioVoiceProvider],
  ])('builds the %s provider', (channel, kind) => {
    const provider = factory.create(config(channel), {});
    expect(provider).toBeInstanceOf(kind);
    expect(provider).toMatchObject({ id: `twilio-${channel}`, type: 'twilio', channel });
  });

  it.each<Channel>(['email', 'push', 'webhook', 'inapp'])('refuses the %s channel', (channel) => {
    expect(() => factory.create(config(channel), {})).toThrow(
      `provider twilio-${channel} (type twilio): channel ${channel} is not served by Twilio`,
    );
  });

  it('checks the options at creation', () => {
    expect(() => factory.create(config('sms', { accountSid: 'SK123' }), {})).toThrow(
      'provider twilio-sms (type twilio): option accountSid must be a Twilio account SID',
    );
  });
});
