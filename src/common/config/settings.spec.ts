import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProviderSettings } from '../../contract/provider-settings';
import { ConfigError, DEFAULTS, type Environment, parseSettings, type Settings } from './settings';

const DEV_SECRET = 'generated-development-secret';
const makeSecret = (): string => DEV_SECRET;

const MONGODB_URI = 'mongodb://db.internal:27017/switchboard';
const STRONG_SECRET = 'a-perfectly-long-hs256-secret-of-48-characters!!';
const PUBLIC_KEY = [
  '-----BEGIN PUBLIC KEY-----',
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1LfVLPHCozMxH2Mo',
  '-----END PUBLIC KEY-----',
].join('\n');
const HEX_KEY = '00112233445566778899aabbccddeeff00112233445566778899AABBCCDDEEFF';

const parse = (env: Environment): Settings => parseSettings(env, makeSecret);

/** The ConfigError that `env` raises; fails the test when it raises nothing or something else. */
function configErrorOf(env: Environment): ConfigError {
  try {
    parse(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`expected a ConfigError for ${JSON.stringify(env)}`);
}

describe('parseSettings', () => {
  describe('with an empty environment', () => {
    let settings: Settings;

    beforeAll(() => {
      settings = parse({});
    });

    it('runs in development', () => {
      expect(settings.environment).toBe('development');
      expect(settings.production).toBe(false);
    });

    it('uses the default HTTP settings', () => {
      expect(settings.http).toEqual({
        port: 3000,
        host: '0.0.0.0',
        bodyLimit: '15mb',
        trustProxy: false,
      });
    });

    it('uses the default rate limits, retention and log level', () => {
      expect(settings.rateLimit).toEqual({ perMinute: 100, perIpPerMinute: 60 });
      expect(settings.retentionDays).toBe(90);
      expect(settings.logLevel).toBe('info');
    });

    it('verifies tokens in development mode with the secret from makeSecret', () => {
      expect(settings.jwt).toEqual({
        mode: 'development',
        secret: DEV_SECRET,
        issuer: undefined,
        audience: undefined,
        rolesClaim: 'roles',
      });
    });

    it('leaves optional services and keys unset', () => {
      expect(settings.mongodbUri).toBeUndefined();
      expect(settings.redisUrl).toBeUndefined();
      expect(settings.publicUrl).toBeUndefined();
      expect(settings.encryptionKey).toBeUndefined();
      expect(settings.outboundAllowPrivate).toBe(false);
      expect(settings.providers.list).toBeUndefined();
      expect(settings.providers.file).toBeUndefined();
    });

    it('agrees with the exported DEFAULTS', () => {
      expect(settings.http.port).toBe(DEFAULTS.port);
      expect(settings.http.bodyLimit).toBe(DEFAULTS.bodyLimit);
      expect(settings.rateLimit.perMinute).toBe(DEFAULTS.rateLimitPerMinute);
      expect(settings.retentionDays).toBe(DEFAULTS.retentionDays);
    });
  });

  describe('valid values', () => {
    it('reads numbers, allowing surrounding whitespace', () => {
      const settings = parse({
        PORT: ' 8080 ',
        RATE_LIMIT_PER_MINUTE: '250',
        RATE_LIMIT_IP_PER_MINUTE: '30',
        RETENTION_DAYS: '7',
      });
      expect(settings.http.port).toBe(8080);
      expect(settings.rateLimit).toEqual({ perMinute: 250, perIpPerMinute: 30 });
      expect(settings.retentionDays).toBe(7);
    });

    it('accepts the ends of the port range', () => {
      expect(parse({ PORT: '0' }).http.port).toBe(0);
      expect(parse({ PORT: '65535' }).http.port).toBe(65535);
    });

    it.each([
      ['true', true],
      ['false', false],
      ['1', true],
      ['0', false],
      ['TRUE', true],
      ['yes', true],
      ['no', false],
    ])('reads boolean %j as %s', (raw, expected) => {
      const settings = parse({ OUTBOUND_ALLOW_PRIVATE: raw, TRUST_PROXY: raw });
      expect(settings.outboundAllowPrivate).toBe(expected);
      expect(settings.http.trustProxy).toBe(expected);
    });

    it('treats blank strings as unset', () => {
      const settings = parse({ HOST: '  ', NODE_ENV: '', BODY_LIMIT: '', JWT_ROLES_CLAIM: ' ' });
      expect(settings.http.host).toBe(DEFAULTS.host);
      expect(settings.environment).toBe('development');
      expect(settings.http.bodyLimit).toBe(DEFAULTS.bodyLimit);
      expect(settings.jwt.rolesClaim).toBe(DEFAULTS.rolesClaim);
    });

    it('decodes a 64-hex-character ENCRYPTION_KEY to 32 bytes', () => {
      const key = parse({ ENCRYPTION_KEY: HEX_KEY }).encryptionKey;
      expect(key).toBeInstanceOf(Buffer);
      expect(key!.length).toBe(32);
      expect(key!.toString('hex')).toBe(HEX_KEY.toLowerCase());
    });

    it('decodes a 44-character base64 ENCRYPTION_KEY to the same 32 bytes', () => {
      const base64 = Buffer.from(HEX_KEY, 'hex').toString('base64');
      expect(base64).toHaveLength(44);
      const key = parse({ ENCRYPTION_KEY: base64 }).encryptionKey;
      expect(key!.toString('hex')).toBe(HEX_KEY.toLowerCase());
    });

    it('verifies HS256 tokens with JWT_SECRET and does not make a secret', () => {
      let made = 0;
      const settings = parseSettings({ JWT_SECRET: STRONG_SECRET }, () => {
        made += 1;
        return DEV_SECRET;
      });
      expect(settings.jwt).toMatchObject({ mode: 'HS256', secret: STRONG_SECRET });
      expect(made).toBe(0);
    });

    it('verifies RS256 tokens with JWT_PUBLIC_KEY', () => {
      expect(parse({ JWT_PUBLIC_KEY: PUBLIC_KEY }).jwt).toMatchObject({
        mode: 'RS256',
        publicKey: PUBLIC_KEY,
      });
    });

    it('passes issuer, audience and roles claim through', () => {
      const settings = parse({
        JWT_ISSUER: 'https://id.example.com/',
        JWT_AUDIENCE: 'switchboard',
        JWT_ROLES_CLAIM: 'realm_access.roles',
      });
      expect(settings.jwt).toMatchObject({
        issuer: 'https://id.example.com/',
        audience: 'switchboard',
        rolesClaim: 'realm_access.roles',
      });
    });

    it('accepts a complete production environment', () => {
      const settings = parse({
        NODE_ENV: 'production',
        MONGODB_URI,
        REDIS_URL: 'rediss://cache.internal:6380',
        JWT_SECRET: STRONG_SECRET,
        PROVIDERS: '{"email":[{"id":"smtp-main","type":"smtp","host":"mail.internal"}]}',
      });
      expect(settings.production).toBe(true);
      expect(settings.environment).toBe('production');
      expect(settings.mongodbUri).toBe(MONGODB_URI);
      expect(settings.redisUrl).toBe('rediss://cache.internal:6380');
      expect(settings.providers.list).toEqual([
        expect.objectContaining({
          id: 'smtp-main',
          type: 'smtp',
          channel: 'email',
          maxAttempts: 3,
          options: { host: 'mail.internal' },
        }),
      ]);
    });

    it('keeps the development secret outside production', () => {
      expect(parse({ NODE_ENV: 'test' }).jwt).toMatchObject({
        mode: 'development',
        secret: DEV_SECRET,
      });
    });
  });

  describe('errors', () => {
    it.each<[string, Environment, string]>([
      ['PORT is not a number', { PORT: 'abc' }, 'PORT'],
      ['PORT is above 65535', { PORT: '70000' }, 'PORT'],
      ['PORT is negative', { PORT: '-1' }, 'PORT'],
      ['NODE_ENV is unknown', { NODE_ENV: 'staging' }, 'NODE_ENV'],
      ['MONGODB_URI is not a MongoDB URI', { MONGODB_URI: 'http://x' }, 'MONGODB_URI'],
      ['REDIS_URL is not a Redis URL', { REDIS_URL: 'foo' }, 'REDIS_URL'],
      ['JWT_SECRET is too short', { JWT_SECRET: 'too-short' }, 'JWT_SECRET'],
      [
        'JWT_SECRET and JWT_PUBLIC_KEY are both set',
        { JWT_SECRET: STRONG_SECRET, JWT_PUBLIC_KEY: PUBLIC_KEY },
        'JWT_PUBLIC_KEY',
      ],
      ['JWT_PUBLIC_KEY is not a PEM key', { JWT_PUBLIC_KEY: 'ssh-rsa AAAA' }, 'JWT_PUBLIC_KEY'],
      ['production lacks MONGODB_URI', { NODE_ENV: 'production' }, 'MONGODB_URI'],
      [
        'production lacks a JWT secret or key',
        { NODE_ENV: 'production', MONGODB_URI },
        'JWT_SECRET',
      ],
      [
        'OUTBOUND_ALLOW_PRIVATE is not a boolean',
        { OUTBOUND_ALLOW_PRIVATE: 'maybe' },
        'OUTBOUND_ALLOW_PRIVATE',
      ],
      ['TRUST_PROXY is not a boolean', { TRUST_PROXY: 'sometimes' }, 'TRUST_PROXY'],
      ['PROVIDERS is not JSON', { PROVIDERS: '{bad json' }, 'PROVIDERS'],
      ['PROVIDERS names an unknown channel', { PROVIDERS: '{"fax":[]}' }, 'PROVIDERS'],
      [
        'PROVIDERS repeats an id',
        {
          PROVIDERS: '{"sms":[{"id":"a","type":"sandbox"}],"email":[{"id":"a","type":"sandbox"}]}',
        },
        'PROVIDERS',
      ],
      [
        'PROVIDERS has a bad retry setting',
        { PROVIDERS: '{"sms":[{"id":"a","type":"sandbox","maxAttempts":0}]}' },
        'PROVIDERS',
      ],
      [
        'PROVIDERS and PROVIDERS_FILE are both set',
        { PROVIDERS: '{}', PROVIDERS_FILE: '/etc/hosts' },
        'PROVIDERS_FILE',
      ],
      [
        'PROVIDERS_FILE does not exist',
        { PROVIDERS_FILE: '/definitely/not/here/providers.json' },
        'PROVIDERS_FILE',
      ],
      ['ENCRYPTION_KEY has the wrong length', { ENCRYPTION_KEY: 'abcdef0123' }, 'ENCRYPTION_KEY'],
      [
        'ENCRYPTION_KEY is 63 hex characters',
        { ENCRYPTION_KEY: HEX_KEY.slice(1) },
        'ENCRYPTION_KEY',
      ],
      ['BODY_LIMIT is not a size', { BODY_LIMIT: 'lots' }, 'BODY_LIMIT'],
      ['RATE_LIMIT_PER_MINUTE is 0', { RATE_LIMIT_PER_MINUTE: '0' }, 'RATE_LIMIT_PER_MINUTE'],
      ['RETENTION_DAYS is above ten years', { RETENTION_DAYS: '3651' }, 'RETENTION_DAYS'],
      ['LOG_LEVEL is unknown', { LOG_LEVEL: 'verbose' }, 'LOG_LEVEL'],
      ['PUBLIC_URL is not an http(s) URL', { PUBLIC_URL: 'ftp://files.example.com' }, 'PUBLIC_URL'],
    ])('when %s, names the variable in a one-line ConfigError', (_case, env, variable) => {
      const error = configErrorOf(env);

      expect(error).toBeInstanceOf(ConfigError);
      expect(error).toBeInstanceOf(Error);
      expect(error.name).toBe('ConfigError');
      expect(error.variable).toBe(variable);
      expect(error.message).toMatch(new RegExp(`^Invalid configuration: ${variable} \\S`));
      expect(error.message).not.toMatch(/[\r\n]/);
    });

    it('names the variable only once', () => {
      const { message } = configErrorOf({ RATE_LIMIT_PER_MINUTE: '0' });
      expect(message.split('RATE_LIMIT_PER_MINUTE')).toHaveLength(2);
    });

    it('says which alternatives production needs', () => {
      const { message } = configErrorOf({ NODE_ENV: 'production', MONGODB_URI });
      expect(message).toContain('JWT_SECRET');
      expect(message).toContain('JWT_PUBLIC_KEY');
      expect(message).toContain('production');
    });

    it('checks production needs MONGODB_URI before it looks for JWT settings', () => {
      expect(configErrorOf({ NODE_ENV: 'production' }).variable).toBe('MONGODB_URI');
    });

    describe('never reveals secret values', () => {
      it('leaves a too-short JWT_SECRET out of the message', () => {
        const secret = 'hunter2-short-secret';
        const { message } = configErrorOf({ JWT_SECRET: secret });
        expect(message).not.toContain(secret);
        expect(message).not.toContain('hunter2');
      });

      it('leaves JWT_SECRET and JWT_PUBLIC_KEY out when both are set', () => {
        const { message } = configErrorOf({
          JWT_SECRET: STRONG_SECRET,
          JWT_PUBLIC_KEY: PUBLIC_KEY,
        });
        expect(message).not.toContain(STRONG_SECRET);
        expect(message).not.toContain('BEGIN PUBLIC KEY');
      });

      it('leaves a malformed ENCRYPTION_KEY out of the message', () => {
        const key = `${HEX_KEY}ff`;
        const { message } = configErrorOf({ ENCRYPTION_KEY: key });
        expect(message).not.toContain(key);
        expect(message).not.toContain(HEX_KEY.slice(0, 16));
      });

      it('leaves credentials in a malformed MONGODB_URI out of the message', () => {
        const { message } = configErrorOf({ MONGODB_URI: 'postgres://admin:pa55word@db/x' });
        expect(message).not.toContain('pa55word');
      });

      it('leaves a too-long TWILIO_AUTH_TOKEN out of the message', () => {
        const token = `tok${'x'.repeat(300)}`;
        const { message, variable } = configErrorOf({ TWILIO_AUTH_TOKEN: token });
        expect(variable).toBe('TWILIO_AUTH_TOKEN');
        expect(message).not.toContain('tokxxx');
      });
    });
  });
});

describe('Twilio shortcut', () => {
  const SID = 'AC0123456789abcdef0123456789abcdef';
  const TOKEN = 'twilio-auth-token-value';
  const SERVICE = 'MG0123456789abcdef0123456789abcdef';
  const shortcut = {
    TWILIO_ACCOUNT_SID: SID,
    TWILIO_AUTH_TOKEN: TOKEN,
    TWILIO_FROM: '+14155550100',
  };
  const byId = (settings: Settings): Record<string, ProviderSettings> =>
    Object.fromEntries((settings.providers.list ?? []).map((entry) => [entry.id, entry]));

  it('makes twilio-sms, twilio-whatsapp and twilio-voice, keeping sandboxes for the other channels', () => {
    const list = parse(shortcut).providers.list ?? [];
    expect(list.map(({ id, type, channel }) => [id, type, channel])).toEqual([
      ['twilio-sms', 'twilio', 'sms'],
      ['twilio-whatsapp', 'twilio', 'whatsapp'],
      ['twilio-voice', 'twilio', 'voice'],
      ['sandbox-email', 'sandbox', 'email'],
      ['sandbox-webhook', 'sandbox', 'webhook'],
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
    const settings = parse({
      ...shortcut,
      NODE_ENV: 'production',
      MONGODB_URI,
      JWT_SECRET: STRONG_SECRET,
    });
    expect(settings.providers.list?.map(({ id }) => id)).toEqual([
      'twilio-sms',
      'twilio-whatsapp',
      'twilio-voice',
    ]);
  });

  it('passes TWILIO_API_BASE_URL on as apiBaseUrl', () => {
    const providers = byId(parse({ ...shortcut, TWILIO_API_BASE_URL: 'http://127.0.0.1:4010' }));
    expect(providers['twilio-voice'].options.apiBaseUrl).toBe('http://127.0.0.1:4010');
  });

  it('uses a Messaging Service SID in TWILIO_FROM for SMS and WhatsApp, not for calls', () => {
    const providers = byId(parse({ ...shortcut, TWILIO_FROM: SERVICE }));
    expect(providers['twilio-sms'].options).toEqual({
      accountSid: SID,
      authToken: TOKEN,
      messagingServiceSid: SERVICE,
    });
    expect(providers['twilio-whatsapp'].options.messagingServiceSid).toBe(SERVICE);
    expect(providers['twilio-voice'].options).toEqual({ accountSid: SID, authToken: TOKEN });
  });

  it('uses an alphanumeric TWILIO_FROM for SMS only', () => {
    const providers = byId(parse({ ...shortcut, TWILIO_FROM: 'Acme' }));
    expect(providers['twilio-sms'].options.from).toBe('Acme');
    expect(providers['twilio-whatsapp'].options.from).toBeUndefined();
    expect(providers['twilio-voice'].options.from).toBeUndefined();
  });

  it('fills only the channels PROVIDERS does not list, after its own entries', () => {
    const settings = parse({
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
    const providers = byId(
      parse({
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
    expect(parse({ TWILIO_API_BASE_URL: 'http://127.0.0.1:4010' }).providers.list).toBeUndefined();
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
    const settings = parse({
      TWILIO_ACCOUNT_SID: SID,
      TWILIO_AUTH_TOKEN: TOKEN,
      PROVIDERS: JSON.stringify({ sms: [{ id: 'sms-box', type: 'sandbox' }] }),
    });
    expect(byId(settings)['twilio-whatsapp'].options).toEqual({
      accountSid: SID,
      authToken: TOKEN,
    });
  });
});

describe('integer variables', () => {
  it.each(['PORT', 'RATE_LIMIT_PER_MINUTE', 'RATE_LIMIT_IP_PER_MINUTE', 'RETENTION_DAYS'])(
    'say that %s must be an integer when it is not one',
    (variable) => {
      expect(configErrorOf({ [variable]: 'abc' }).message).toBe(
        `Invalid configuration: ${variable} must be an integer number`,
      );
    },
  );

  it('treat a blank value as unset', () => {
    const settings = parse({ PORT: '', RETENTION_DAYS: ' ' });
    expect(settings.http.port).toBe(DEFAULTS.port);
    expect(settings.retentionDays).toBe(DEFAULTS.retentionDays);
  });
});

describe('email shortcut', () => {
  const SMTP_URL = 'smtps://mailer:smtp-secret@smtp.example.com:465';
  const EMAIL_FROM = 'billing@example.com';
  const SES_REGION = 'eu-west-1';
  const byId = (settings: Settings): Record<string, ProviderSettings> =>
    Object.fromEntries((settings.providers.list ?? []).map((entry) => [entry.id, entry]));
  const emailChain = (env: Environment): [string, string, Record<string, unknown>][] =>
    (parse(env).providers.list ?? [])
      .filter(({ channel }) => channel === 'email')
      .map(({ id, type, options }) => [id, type, { ...options }]);

  it('makes the provider smtp from SMTP_URL, with EMAIL_FROM as its sender', () => {
    expect(emailChain({ SMTP_URL, EMAIL_FROM })).toEqual([
      ['smtp', 'smtp', { url: SMTP_URL, from: EMAIL_FROM }],
    ]);
  });

  it('makes the provider ses from SES_REGION and SES_ENDPOINT', () => {
    expect(emailChain({ SES_REGION, SES_ENDPOINT: 'http://127.0.0.1:8005', EMAIL_FROM })).toEqual([
      ['ses', 'ses', { region: SES_REGION, endpoint: 'http://127.0.0.1:8005', from: EMAIL_FROM }],
    ]);
  });

  it('chains SES first and SMTP as its fail-over when both are set', () => {
    expect(emailChain({ SMTP_URL, SES_REGION }).map(([id]) => id)).toEqual(['ses', 'smtp']);
  });

  it('lets messages name their own sender when EMAIL_FROM is unset', () => {
    expect(emailChain({ SMTP_URL })).toEqual([['smtp', 'smtp', { url: SMTP_URL }]]);
  });

  it('keeps sandboxes for the other channels, none in production', () => {
    const ids = (env: Environment): string[] =>
      (parse(env).providers.list ?? []).map(({ id }) => id);
    expect(ids({ SMTP_URL })).toEqual([
      'smtp',
      'sandbox-sms',
      'sandbox-whatsapp',
      'sandbox-voice',
      'sandbox-webhook',
      'inbox',
      'sandbox-push',
    ]);
    expect(
      ids({ SMTP_URL, NODE_ENV: 'production', MONGODB_URI, JWT_SECRET: STRONG_SECRET }),
    ).toEqual(['smtp']);
  });

  it('combines with the Twilio shortcut', () => {
    const settings = parse({
      SMTP_URL,
      TWILIO_ACCOUNT_SID: 'AC0123456789abcdef0123456789abcdef',
      TWILIO_AUTH_TOKEN: 'token',
      TWILIO_FROM: '+14155550100',
    });
    expect(settings.providers.list?.map(({ id }) => id)).toEqual([
      'twilio-sms',
      'twilio-whatsapp',
      'twilio-voice',
      'smtp',
      'sandbox-webhook',
      'inbox',
      'sandbox-push',
    ]);
  });

  it('makes nothing for email when PROVIDERS lists email, and fills email when it does not', () => {
    const listsEmail = parse({
      SMTP_URL,
      PROVIDERS: JSON.stringify({ email: [{ id: 'mail-box', type: 'sandbox' }] }),
    });
    expect(listsEmail.providers.list?.map(({ id }) => id)).toEqual(['mail-box']);
    const listsSms = parse({
      SMTP_URL,
      PROVIDERS: JSON.stringify({ sms: [{ id: 'sms-box', type: 'sandbox' }] }),
    });
    expect(listsSms.providers.list?.map(({ id }) => id)).toEqual(['sms-box', 'smtp']);
  });

  it('gives PROVIDERS entries of type smtp and ses EMAIL_FROM, SES_REGION and SES_ENDPOINT unless they set their own', () => {
    const providers = byId(
      parse({
        EMAIL_FROM,
        SES_REGION,
        SES_ENDPOINT: 'http://127.0.0.1:8005',
        PROVIDERS: JSON.stringify({
          email: [
            { id: 'ses-eu', type: 'ses' },
            { id: 'ses-us', type: 'ses', region: 'us-east-1', from: 'us@example.com' },
            { id: 'relay', type: 'smtp', host: 'relay.internal' },
            { id: 'box', type: 'sandbox' },
          ],
        }),
      }),
    );
    expect(providers['ses-eu'].options).toEqual({
      region: SES_REGION,
      endpoint: 'http://127.0.0.1:8005',
      from: EMAIL_FROM,
    });
    expect(providers['ses-us'].options).toEqual({
      region: 'us-east-1',
      endpoint: 'http://127.0.0.1:8005',
      from: 'us@example.com',
    });
    expect(providers.relay.options).toEqual({ host: 'relay.internal', from: EMAIL_FROM });
    expect(providers.box.options).toEqual({});
  });

  it('keeps the settings for /status', () => {
    const { providers } = parse({ SMTP_URL, EMAIL_FROM, SES_REGION });
    expect(providers.smtpUrl).toBe(SMTP_URL);
    expect(providers.emailFrom).toBe(EMAIL_FROM);
    expect(providers.ses).toEqual({ region: SES_REGION, endpoint: undefined });
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
    ['SES_REGION is no AWS region', { SES_REGION: 'Europe' }, 'SES_REGION'],
    ['SES_ENDPOINT is not a URL', { SES_REGION, SES_ENDPOINT: 'localhost:8005' }, 'SES_ENDPOINT'],
    [
      'PROVIDERS already uses the id smtp',
      { SMTP_URL, PROVIDERS: JSON.stringify({ sms: [{ id: 'smtp', type: 'sandbox' }] }) },
      'SMTP_URL',
    ],
    [
      'PROVIDERS already uses the id ses',
      { SES_REGION, PROVIDERS: JSON.stringify({ sms: [{ id: 'ses', type: 'sandbox' }] }) },
      'SES_REGION',
    ],
  ])('is a ConfigError naming the variable when %s', (_case, env, variable) => {
    const error = configErrorOf(env);
    expect(error.variable).toBe(variable);
    expect(error.message).not.toContain('smtp-secret');
  });
});

describe('push variables', () => {
  const { privateKey: rsaKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const RSA_PEM = rsaKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const SERVICE_ACCOUNT = JSON.stringify({
    type: 'service_account',
    project_id: 'shop-123',
    client_email: 'sender@shop-123.iam.gserviceaccount.com',
    private_key: RSA_PEM,
  });
  const VAPID = {
    VAPID_PUBLIC_KEY: `B${'A'.repeat(86)}`,
    VAPID_PRIVATE_KEY: 'k'.repeat(43),
    VAPID_SUBJECT: 'mailto:ops@example.com',
  };
  const PUSH_PROVIDERS = JSON.stringify({ push: [{ id: 'webpush', type: 'webpush' }] });
  const pushChain = (env: Environment): ProviderSettings[] =>
    (parse(env).providers.list ?? []).filter(({ channel }) => channel === 'push');

  it('gives webpush entries the VAPID keys and fcm entries the key file and API base URL', () => {
    const chain = pushChain({
      ...VAPID,
      FCM_SERVICE_ACCOUNT: SERVICE_ACCOUNT,
      FCM_API_BASE_URL: 'http://127.0.0.1:9099',
      PROVIDERS: JSON.stringify({
        push: [
          { id: 'webpush', type: 'webpush' },
          { id: 'fcm', type: 'fcm' },
          { id: 'fcm-own', type: 'fcm', apiBaseUrl: 'http://own.example' },
        ],
      }),
    });
    expect(chain.map(({ options }) => options)).toEqual([
      {
        vapidPublicKey: VAPID.VAPID_PUBLIC_KEY,
        vapidPrivateKey: VAPID.VAPID_PRIVATE_KEY,
        vapidSubject: VAPID.VAPID_SUBJECT,
      },
      { serviceAccount: SERVICE_ACCOUNT, apiBaseUrl: 'http://127.0.0.1:9099' },
      { serviceAccount: SERVICE_ACCOUNT, apiBaseUrl: 'http://own.example' },
    ]);
  });

  it('reads FCM_SERVICE_ACCOUNT from a file when it is a path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'settings-fcm-'));
    const file = join(dir, 'key.json');
    writeFileSync(file, SERVICE_ACCOUNT);
    try {
      expect(parse({ FCM_SERVICE_ACCOUNT: file }).providers.fcmServiceAccount).toBe(
        SERVICE_ACCOUNT,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('allows a webpush provider without keys outside production (a pair is made at start-up)', () => {
    expect(pushChain({ PROVIDERS: PUSH_PROVIDERS })[0]?.options).toEqual({});
  });

  it('requires the VAPID keys in production when a webpush provider is configured', () => {
    const error = configErrorOf({
      NODE_ENV: 'production',
      MONGODB_URI,
      JWT_SECRET: STRONG_SECRET,
      PROVIDERS: PUSH_PROVIDERS,
    });
    expect(error.variable).toBe('VAPID_PUBLIC_KEY');
    expect(error.message).toContain('the webpush provider webpush');
  });

  it.each<[string, Environment, string]>([
    ['the private key is missing', { ...VAPID, VAPID_PRIVATE_KEY: undefined }, 'VAPID_PRIVATE_KEY'],
    ['the public key is missing', { ...VAPID, VAPID_PUBLIC_KEY: undefined }, 'VAPID_PUBLIC_KEY'],
    ['the subject is missing', { ...VAPID, VAPID_SUBJECT: undefined }, 'VAPID_SUBJECT'],
    ['the public key is not 65 bytes', { ...VAPID, VAPID_PUBLIC_KEY: 'AAAA' }, 'VAPID_PUBLIC_KEY'],
    [
      'the public key is not an uncompressed point',
      { ...VAPID, VAPID_PUBLIC_KEY: `A${'A'.repeat(86)}` },
      'VAPID_PUBLIC_KEY',
    ],
    [
      'the private key is not 32 bytes',
      { ...VAPID, VAPID_PRIVATE_KEY: 'abc' },
      'VAPID_PRIVATE_KEY',
    ],
    ['the subject is http', { ...VAPID, VAPID_SUBJECT: 'http://example.com' }, 'VAPID_SUBJECT'],
    [
      'the key file is not JSON',
      { FCM_SERVICE_ACCOUNT: '{"private_key": ' },
      'FCM_SERVICE_ACCOUNT',
    ],
    [
      'the key file cannot be read',
      { FCM_SERVICE_ACCOUNT: '/no/such/key.json' },
      'FCM_SERVICE_ACCOUNT',
    ],
    [
      'the key file lacks the project',
      { FCM_SERVICE_ACCOUNT: JSON.stringify({ private_key: RSA_PEM }) },
      'FCM_SERVICE_ACCOUNT',
    ],
    ['FCM_API_BASE_URL is not a URL', { FCM_API_BASE_URL: 'fcm.local' }, 'FCM_API_BASE_URL'],
  ])('is a ConfigError naming the variable when %s', (_case, env, variable) => {
    const error = configErrorOf(env);
    expect(error.variable).toBe(variable);
    expect(error.message).not.toContain('PRIVATE KEY');
    expect(error.message).not.toContain('k'.repeat(43));
  });
});
