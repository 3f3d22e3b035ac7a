import { PROVIDER_DEFAULTS } from '../../common/config/provider-settings';
import type { Channel } from '../../messages/message.model';
import type { ProviderConfig } from '../provider';
import { WebhookProviderFactory } from './webhook-provider.factory';

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
