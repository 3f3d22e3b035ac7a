/** What the Twilio scenario suites share: two accounts, numbers, a message and a provider. */
import { PROVIDER_DEFAULTS } from '../../src/contract/provider-settings';
import { type OutboundMessage, type Provider } from '../../src/contract/provider';
import { TwilioProviderFactory } from '../../src/vendors/twilio/twilio-provider.factory';
import type { Channel } from '../../src/contract/channel';

export const ACCOUNT_A = 'AC0000000000000000000000000000000a';
export const ACCOUNT_B = 'AC0000000000000000000000000000000b';
export const TOKEN_A = 'token-of-account-a';
export const TOKEN_B = 'token-of-account-b';
export const FROM = '+14155550199';
export const TO = '+14155550100';
export const TIMEOUT_MS = 400;

export const message = (channel: Channel, content: Record<string, unknown>): OutboundMessage => ({
  id: 'msg-1',
  appId: 'app-1',
  channel,
  to: [TO],
  content,
  metadata: {},
});

export function provider(channel: Channel, apiBaseUrl: string): Provider {
  return new TwilioProviderFactory().create(
    {
      id: `twilio-${channel}`,
      type: 'twilio',
      channel,
      ...PROVIDER_DEFAULTS,
      timeoutMs: TIMEOUT_MS,
      options: { accountSid: ACCOUNT_A, authToken: TOKEN_A, from: FROM, apiBaseUrl },
    },
    {},
  );
}
