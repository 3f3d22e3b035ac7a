import { PROVIDER_DEFAULTS } from '../../contract/provider-settings';
import type { ProviderConfig } from '../../contract/provider';
import { SmtpProviderFactory } from './smtp-provider.factory';
import { SmtpProvider } from './smtp.provider';
import type { Channel } from '../../contract/channel';

const config = (channel: Channel, options: Record<string, unknown>): ProviderConfig => ({
  id: 'smtp-main',
  type: 'smtp',
  channel,
  ...PROVIDER_DEFAULTS,
  options,
});

describe('SmtpProviderFactory', () => {
  const factory = new SmtpProviderFactory();

  it('is the factory of type smtp', () => {
    expect(factory.type).toBe('smtp');
  });

  it('builds an email provider without connecting, and closes it', async () => {
    const provider = factory.create(config('email', { url: 'smtp://relay.invalid:2525' }));
    expect(provider).toBeInstanceOf(SmtpProvider);
    expect(provider).toMatchObject({ id: 'smtp-main', type: 'smtp', channel: 'email' });
    await expect(provider.close?.()).resolves.toBeUndefined();
  });

  it.each<Channel>(['sms', 'whatsapp', 'voice', 'push'])('refuses the %s channel', (channel) => {
    expect(() => factory.create(config(channel, { host: 'relay.invalid' }))).toThrow(
      `provider smtp-main (type smtp): channel ${channel} is not served by SMTP (email is)`,
    );
  });

  it('checks the options at creation', () => {
    expect(() => factory.create(config('email', {}))).toThrow(
      'provider smtp-main (type smtp): option url or host is required',
    );
  });
});
