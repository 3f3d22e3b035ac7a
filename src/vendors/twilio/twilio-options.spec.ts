import { PROVIDER_DEFAULTS } from '../../contract/provider-settings';
import type { ProviderConfig } from '../../contract/provider';
import { twilioOptions } from './twilio-options';
import type { Channel } from '../../contract/channel';

const SID = 'AC0123456789abcdef0123456789abcdef';
const SERVICE = 'MG0123456789abcdef0123456789abcdef';
const TOKEN = 'the-auth-token';

const config = (options: Record<string, unknown>, channel: Channel = 'sms'): ProviderConfig => ({
  id: 'twilio-eu',
  type: 'twilio',
  channel,
  ...PROVIDER_DEFAULTS,
  options,
});

const problemOf = (options: Record<string, unknown>, channel: Channel = 'sms'): string => {
  try {
    twilioOptions(config(options, channel));
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the options to be refused');
};

describe('twilioOptions', () => {
  it('reads credentials, senders and the base URL', () => {
    expect(
      twilioOptions(
        config({
          accountSid: SID,
          authToken: TOKEN,
          from: ' +14155550100 ',
          messagingServiceSid: SERVICE,
          apiBaseUrl: 'https://api.dublin.ie1.twilio.com',
        }),
      ),
    ).toEqual({
      accountSid: SID,
      authToken: TOKEN,
      from: '+14155550100',
      messagingServiceSid: SERVICE,
      apiBaseUrl: 'https://api.dublin.ie1.twilio.com',
    });
  });

  it('accepts a Messaging Service instead of a number for SMS', () => {
    expect(
      twilioOptions(config({ accountSid: SID, authToken: TOKEN, messagingServiceSid: SERVICE })),
    ).toEqual({ accountSid: SID, authToken: TOKEN, messagingServiceSid: SERVICE });
  });

  it.each<Channel>(['whatsapp', 'voice'])('lets %s go without a default sender', (channel) => {
    expect(twilioOptions(config({ accountSid: SID, authToken: TOKEN }, channel))).toEqual({
      accountSid: SID,
      authToken: TOKEN,
    });
  });

  it.each<[string, Record<string, unknown>, Channel, string]>([
    ['no accountSid', { authToken: TOKEN, from: '+1' }, 'sms', 'option accountSid is required'],
    [
      'a malformed accountSid',
      { accountSid: 'AC123', authToken: TOKEN, from: '+1' },
      'sms',
      'option accountSid must be a Twilio account SID (AC followed by 32 hex characters)',
    ],
    ['no authToken', { accountSid: SID, from: '+1' }, 'sms', 'option authToken is required'],
    [
      'an empty authToken',
      { accountSid: SID, authToken: ' ', from: '+1' },
      'voice',
      'option authToken must be a non-empty string',
    ],
    [
      'an SMS provider without a sender',
      { accountSid: SID, authToken: TOKEN },
      'sms',
      'option from or messagingServiceSid is required for sms',
    ],
    [
      'a malformed messagingServiceSid',
      { accountSid: SID, authToken: TOKEN, messagingServiceSid: 'MGxyz' },
      'sms',
      'option messagingServiceSid must be a Messaging Service SID (MG followed by 32 hex characters)',
    ],
    [
      'a from that is not a string',
      { accountSid: SID, authToken: TOKEN, from: 14155550100 },
      'whatsapp',
      'option from must be a non-empty string',
    ],
    [
      'an apiBaseUrl that is not http(s)',
      { accountSid: SID, authToken: TOKEN, apiBaseUrl: 'ftp://twilio.example.com' },
      'voice',
      'option apiBaseUrl must be an http(s) URL',
    ],
    [
      'an apiBaseUrl that is no URL',
      { accountSid: SID, authToken: TOKEN, apiBaseUrl: 'api.twilio.com' },
      'voice',
      'option apiBaseUrl must be an http(s) URL',
    ],
  ])('refuses %s, naming the provider and the option', (_case, options, channel, problem) => {
    expect(problemOf(options, channel)).toBe(`provider twilio-eu (type twilio): ${problem}`);
  });

  it('never repeats the auth token in a problem', () => {
    expect(problemOf({ accountSid: 'AC1', authToken: TOKEN })).not.toContain(TOKEN);
  });
});
