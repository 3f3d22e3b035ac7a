import type { Environment } from '../../common/config/variables';
import {
  configErrorOf,
  ENCRYPTION_KEY,
  MONGODB_URI,
  parseApp,
  providersById,
  STRONG_SECRET,
  TOKEN_PARTIES,
} from '../../../test/support/settings';

describe('Twilio shortcut', () => {
  const SID = 'AC0123456789abcdef0123456789abcdef';
  const TOKEN = 'twilio-auth-token-value';
  const SERVICE = 'MG0123456789abcdef0123456789abcdef';
  const shortcut = {
    TWILIO_ACCOUNT_SID: SID,
    TWILIO_AUTH_TOKEN: TOKEN,
    TWILIO_FROM: '+14155550100',
  };

  it('makes twilio-sms, twilio-whatsapp and twilio-voice, keeping sandboxes for the other channels', () => {
    const list = parseApp(shortcut).providers.list ?? [];
    expect(list.map(({ id, type, channel }) => [id, type, channel])).toEqual([
      ['twilio-sms', 'twilio', 'sms'],
      ['twilio-whatsapp', 'twilio', 'whatsapp'],
      ['twilio-voice', 'twilio', 'voice'],
      ['sandbox-email', 'sandbox', 'email'],
      ['webhook', 'webhook', 'webhook'],
      ['inbox', 'inbox', 'inapp'],
      ['sandbox-push', 'sandbox', 'push'],
    ]);
    expect(list[0]).toMatchObject({
      maxAttempts: 3,
      timeoutMs: 30_000,
      options: { accountSid: SID, authToken: TOKEN, from: '+14155550100' },
    });
  });

  it('makes only the Twilio providers in production', () => {
    const settings = parseApp({
      ...shortcut,
      NODE_ENV: 'production',
      MONGODB_URI,
      JWT_SECRET: STRONG_SECRET,
      ...TOKEN_PARTIES,
      ENCRYPTION_KEY,
    });
    expect(settings.providers.list?.map(({ id }) => id)).toEqual([
      'twilio-sms',
      'twilio-whatsapp',
      'twilio-voice',
    ]);
  });

  it('passes TWILIO_API_BASE_URL on as apiBaseUrl', () => {
    const providers = providersById(
      parseApp({ ...shortcut, TWILIO_API_BASE_URL: 'http://127.0.0.1:4010' }),
    );
    expect(providers['twilio-voice'].options.apiBaseUrl).toBe('http://127.0.0.1:4010');
  });

  it('uses a Messaging Service SID in TWILIO_FROM for SMS and WhatsApp, not for calls', () => {
    const providers = providersById(parseApp({ ...shortcut, TWILIO_FROM: SERVICE }));
    expect(providers['twilio-sms'].options).toEqual({
      accountSid: SID,
      authToken: TOKEN,
      messagingServiceSid: SERVICE,
    });
    expect(providers['twilio-whatsapp'].options.messagingServiceSid).toBe(SERVICE);
    expect(providers['twilio-voice'].options).toEqual({ accountSid: SID, authToken: TOKEN });
  });

  it('uses an alphanumeric TWILIO_FROM for SMS only', () => {
    const providers = providersById(parseApp({ ...shortcut, TWILIO_FROM: 'Acme' }));
    expect(providers['twilio-sms'].options.from).toBe('Acme');
    expect(providers['twilio-whatsapp'].options.from).toBeUndefined();
    expect(providers['twilio-voice'].options.from).toBeUndefined();
  });

  it('fills only the channels PROVIDERS does not list, after its own entries', () => {
    const settings = parseApp({
      ...shortcut,
      PROVIDERS: JSON.stringify({ sms: [{ id: 'sms-box', type: 'sandbox' }] }),
    });
    expect(settings.providers.list?.map(({ id }) => id)).toEqual([
      'sms-box',
      'twilio-whatsapp',
      'twilio-voice',
    ]);
  });

  it('gives PROVIDERS entries of type twilio TWILIO_API_BASE_URL unless they set apiBaseUrl', () => {
    const providers = providersById(
      parseApp({
        TWILIO_API_BASE_URL: 'https://api.dublin.ie1.twilio.com',
        PROVIDERS: JSON.stringify({
          sms: [
            { id: 'eu', type: 'twilio', accountSid: SID, authToken: TOKEN, from: '+1' },
            { id: 'us', type: 'twilio', apiBaseUrl: 'https://api.twilio.com' },
            { id: 'box', type: 'sandbox' },
          ],
        }),
      }),
    );
    expect(providers.eu.options.apiBaseUrl).toBe('https://api.dublin.ie1.twilio.com');
    expect(providers.us.options.apiBaseUrl).toBe('https://api.twilio.com');
    expect(providers.box.options).toEqual({});
  });

  it('leaves the list unset without the shortcut or PROVIDERS', () => {
    expect(
      parseApp({ TWILIO_API_BASE_URL: 'http://127.0.0.1:4010' }).providers.list,
    ).toBeUndefined();
  });

  it.each<[string, Environment, string]>([
    ['the SID comes without the token', { TWILIO_ACCOUNT_SID: SID }, 'TWILIO_AUTH_TOKEN'],
    ['the token comes without the SID', { TWILIO_AUTH_TOKEN: TOKEN }, 'TWILIO_ACCOUNT_SID'],
    [
      'TWILIO_FROM comes without credentials',
      { TWILIO_FROM: '+14155550100' },
      'TWILIO_ACCOUNT_SID',
    ],
    [
      'the SMS provider would have no sender',
      { TWILIO_ACCOUNT_SID: SID, TWILIO_AUTH_TOKEN: TOKEN },
      'TWILIO_FROM',
    ],
    ['the SID is malformed', { ...shortcut, TWILIO_ACCOUNT_SID: 'AC123' }, 'TWILIO_ACCOUNT_SID'],
    ['TWILIO_FROM is no sender', { ...shortcut, TWILIO_FROM: 'not a sender!' }, 'TWILIO_FROM'],
    [
      'TWILIO_API_BASE_URL is not an http(s) URL',
      { ...shortcut, TWILIO_API_BASE_URL: 'ftp://twilio.example.com' },
      'TWILIO_API_BASE_URL',
    ],
    [
      'PROVIDERS already uses a shortcut id',
      {
        ...shortcut,
        PROVIDERS: JSON.stringify({ email: [{ id: 'twilio-sms', type: 'sandbox' }] }),
      },
      'TWILIO_ACCOUNT_SID',
    ],
  ])('is a ConfigError naming the variable when %s', (_case, env, variable) => {
    const error = configErrorOf(env);
    expect(error.variable).toBe(variable);
    expect(error.message).not.toContain(TOKEN);
  });

  it('needs no TWILIO_FROM when PROVIDERS already serves SMS', () => {
    const settings = parseApp({
      TWILIO_ACCOUNT_SID: SID,
      TWILIO_AUTH_TOKEN: TOKEN,
      PROVIDERS: JSON.stringify({ sms: [{ id: 'sms-box', type: 'sandbox' }] }),
    });
    expect(providersById(settings)['twilio-whatsapp'].options).toEqual({
      accountSid: SID,
      authToken: TOKEN,
    });
  });

  it('leaves a too-long TWILIO_AUTH_TOKEN out of the message', () => {
    const token = `tok${'x'.repeat(300)}`;
    const { message, variable } = configErrorOf({ TWILIO_AUTH_TOKEN: token });
    expect(variable).toBe('TWILIO_AUTH_TOKEN');
    expect(message).not.toContain('tokxxx');
  });
});
