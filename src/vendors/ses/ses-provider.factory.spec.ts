import { PROVIDER_DEFAULTS } from '../../contract/provider-settings';
import type { ProviderConfig } from '../../contract/provider';
import { SesProviderFactory } from './ses-provider.factory';
import { SesProvider } from './ses.provider';
import type { Channel } from '../../contract/channel';

const config = (channel: Channel, options: Record<string, unknown>): ProviderConfig => ({
  id: 'ses-eu',
  type: 'ses',
  channel,
  ...PROVIDER_DEFAULTS,
  options,
});

describe('SesProviderFactory', () => {
  const factory = new SesProviderFactory();

  it('is the factory of type ses', () => {
    expect(factory.type).toBe('ses');
  });

  it('builds an email provider, and closes it', async () => {
    const provider = factory.create(config('email', { region: 'eu-west-1' }));
    expect(provider).toBeInstanceOf(SesProvider);
    expect(provider).toMatchObject({ id: 'ses-eu', type: 'ses', channel: 'email' });
    await expect(provider.close?.()).resolves.toBeUndefined();
  });

  it.each<Channel>(['sms', 'whatsapp', 'voice', 'inapp'])('refuses the %s channel', (channel) => {
    expect(() => factory.create(config(channel, { region: 'eu-west-1' }))).toThrow(
      `provider ses-eu (type ses): channel ${channel} is not served by SES (email is)`,
    );
  });

  it('checks the options at creation', () => {
    expect(() => factory.create(config('email', {}))).toThrow(
      'provider ses-eu (type ses): option region is required',
    );
  });
});
