import { PROVIDER_DEFAULTS } from '../../contract/provider-settings';
import type { ProviderConfig } from '../../contract/provider';
import { WebhookProviderFactory } from './webhook-provider.factory';
import type { Channel } from '../../contract/channel';

const config = (
  channel: Channel = 'webhook',
  options: Record<string, unknown> = {},
): ProviderConfig => ({
  id: 'hooks',
  type: 'webhook',
  channel,
  ...PROVIDER_DEFAULTS,
  options,
});

describe('WebhookProviderFactory', () => {
  const factory = new WebhookProviderFactory();

  it('makes a webhook provider for the webhook channel', () => {
    const provider = factory.create(config(), {});

    expect(provider).toMatchObject({ id: 'hooks', type: 'webhook', channel: 'webhook' });
  });

  it('refuses another channel, naming the provider', () => {
    expect(() => factory.create(config('sms'), {})).toThrow(
      'provider hooks (type webhook): channel sms is not served by it (webhook is)',
    );
  });

  it('refuses options it does not know', () => {
    expect(() => factory.create(config('webhook', { url: 'https://example.com' }), {})).toThrow(
      'provider hooks (type webhook): option url is not known',
    );
  });
});
