import type { Environment } from '../../common/config/variables';
import {
  channelChain,
  configErrorOf,
  ENCRYPTION_KEY,
  MONGODB_URI,
  parseApp,
  STRONG_SECRET,
  TOKEN_PARTIES,
} from '../../../test/support/settings';

describe('SMTP shortcut', () => {
  const SMTP_URL = 'smtps://mailer:smtp-secret@smtp.example.com:465';
  const EMAIL_FROM = 'billing@example.com';
  const emailChain = (env: Environment): [string, string, Record<string, unknown>][] =>
    channelChain(env, 'email').map(({ id, type, options }) => [id, type, { ...options }]);

  it('makes the provider smtp from SMTP_URL, with EMAIL_FROM as its sender', () => {
    expect(emailChain({ SMTP_URL, EMAIL_FROM })).toEqual([
      ['smtp', 'smtp', { url: SMTP_URL, from: EMAIL_FROM }],
    ]);
  });

  it('lets messages name their own sender when EMAIL_FROM is unset', () => {
    expect(emailChain({ SMTP_URL })).toEqual([['smtp', 'smtp', { url: SMTP_URL }]]);
  });

  it('keeps sandboxes for the other channels, none in production', () => {
    const ids = (env: Environment): string[] =>
      (parseApp(env).providers.list ?? []).map(({ id }) => id);
    expect(ids({ SMTP_URL })).toEqual([
      'smtp',
      'sandbox-sms',
      'sandbox-whatsapp',
      'sandbox-voice',
      'webhook',
      'inbox',
      'sandbox-push',
    ]);
    expect(
      ids({
        SMTP_URL,
        NODE_ENV: 'production',
        MONGODB_URI,
        JWT_SECRET: STRONG_SECRET,
        ...TOKEN_PARTIES,
        ENCRYPTION_KEY,
      }),
    ).toEqual(['smtp']);
  });

  it('makes nothing for email when PROVIDERS lists email, and fills email when it does not', () => {
    const listsEmail = parseApp({
      SMTP_URL,
      PROVIDERS: JSON.stringify({ email: [{ id: 'mail-box', type: 'sandbox' }] }),
    });
    expect(listsEmail.providers.list?.map(({ id }) => id)).toEqual(['mail-box']);
    const listsSms = parseApp({
      SMTP_URL,
      PROVIDERS: JSON.stringify({ sms: [{ id: 'sms-box', type: 'sandbox' }] }),
    });
    expect(listsSms.providers.list?.map(({ id }) => id)).toEqual(['sms-box', 'smtp']);
  });

  it.each<[string, Environment, string]>([
    ['SMTP_URL is not an SMTP URL', { SMTP_URL: 'https://smtp.example.com' }, 'SMTP_URL'],
    ['SMTP_URL has no host', { SMTP_URL: 'smtp://' }, 'SMTP_URL'],
    [
      'SMTP_URL has a user without a password',
      { SMTP_URL: 'smtp://mailer@smtp.example.com' },
      'SMTP_URL',
    ],
    [
      'SMTP_URL has a query',
      { SMTP_URL: 'smtp://u:smtp-secret@smtp.example.com?pool=false' },
      'SMTP_URL',
    ],
    [
      'SMTP_URL is malformed even while PROVIDERS lists email',
      {
        SMTP_URL: 'smtp://u:smtp-secret@:25',
        PROVIDERS: JSON.stringify({ email: [{ id: 'box', type: 'sandbox' }] }),
      },
      'SMTP_URL',
    ],
    ['EMAIL_FROM is not an address', { SMTP_URL, EMAIL_FROM: 'billing' }, 'EMAIL_FROM'],
    [
      'PROVIDERS already uses the id smtp',
      { SMTP_URL, PROVIDERS: JSON.stringify({ sms: [{ id: 'smtp', type: 'sandbox' }] }) },
      'SMTP_URL',
    ],
  ])('is a ConfigError naming the variable when %s', (_case, env, variable) => {
    const error = configErrorOf(env);
    expect(error.variable).toBe(variable);
    expect(error.message).not.toContain('smtp-secret');
  });
});
