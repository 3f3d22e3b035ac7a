import {
  configErrorOf as configErrorIn,
  DEV_SECRET,
  expectOneLineNaming,
  MONGODB_URI,
  STRONG_SECRET,
  TOKEN_PARTIES,
} from '../../../test/support/settings';
import { DEFAULTS, parseSettings, type Settings } from './settings';
import { ConfigError, type Environment } from './variables';

const makeSecret = (): string => DEV_SECRET;

const PUBLIC_KEY = [
  '-----BEGIN PUBLIC KEY-----',
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1LfVLPHCozMxH2Mo',
  '-----END PUBLIC KEY-----',
].join('\n');
const REDIS_URL = 'redis://127.0.0.1:6379';
const HEX_KEY = '00112233445566778899aabbccddeeff00112233445566778899AABBCCDDEEFF';

const parse = (env: Environment): Settings => parseSettings(env, makeSecret);

/**
 * What production needs besides a JWT key: a database, whom tokens are from and for, and the key
 * that seals secrets at rest.
 */
const PRODUCTION: Environment = {
  NODE_ENV: 'production',
  MONGODB_URI,
  ...TOKEN_PARTIES,
  ENCRYPTION_KEY: HEX_KEY,
};

const configErrorOf = (env: Environment): ConfigError => configErrorIn(env, parse);

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
        bodyLimit: '1mb',
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
        maxLifetimeSeconds: 86400,
      });
    });

    it('leaves optional services and keys unset', () => {
      expect(settings.mongodbUri).toBeUndefined();
      expect(settings.redisUrl).toBeUndefined();
      expect(settings.publicUrl).toBeUndefined();
      expect(settings.encryptionKey).toBeUndefined();
      expect(settings.outboundAllowPrivate).toBe(false);
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
      const settings = parse({ OUTBOUND_ALLOW_PRIVATE: raw });
      expect(settings.outboundAllowPrivate).toBe(expected);
    });

    it.each<[string, false | number | string[]]>([
      ['false', false],
      ['0', false],
      [' ', false],
      ['1', 1],
      [' 2 ', 2],
      ['10.0.0.0/8', ['10.0.0.0/8']],
      ['10.0.0.0/8, 192.168.1.7,loopback', ['10.0.0.0/8', '192.168.1.7', 'loopback']],
      ['fd00::/8,::1', ['fd00::/8', '::1']],
    ])('reads TRUST_PROXY %j as %j', (raw, expected) => {
      expect(parse({ TRUST_PROXY: raw }).http.trustProxy).toEqual(expected);
    });

    it('treats blank strings as unset', () => {
      const settings = parse({ HOST: '  ', NODE_ENV: '', BODY_LIMIT: '', JWT_ROLES_CLAIM: ' ' });
      expect(settings.http.host).toBe(DEFAULTS.host);
      expect(settings.environment).toBe('development');
      expect(settings.http.bodyLimit).toBe(DEFAULTS.bodyLimit);
      expect(settings.jwt.rolesClaim).toBe(DEFAULTS.rolesClaim);
    });

    it('reads the waits between the tries of a status callback, in seconds', () => {
      const { callbackRetryDelaysMs } = parse({ CALLBACK_RETRY_SECONDS: ' 5, 60 ' });
      expect(callbackRetryDelaysMs).toEqual([5_000, 60_000]);
      expect(parse({}).callbackRetryDelaysMs).toHaveLength(7);
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

    it('verifies RS256 and ES256 tokens with the key set at JWT_JWKS_URL', () => {
      const jwksUrl = 'https://id.example.com/.well-known/jwks.json';
      expect(parse({ JWT_JWKS_URL: jwksUrl }).jwt).toMatchObject({ mode: 'JWKS', jwksUrl });
    });

    it('reads the longest token lifetime', () => {
      expect(parse({ JWT_MAX_LIFETIME_SECONDS: '3600' }).jwt.maxLifetimeSeconds).toBe(3600);
    });

    it('starts in production with a key, an issuer and an audience', () => {
      const settings = parse({ ...PRODUCTION, JWT_SECRET: STRONG_SECRET });
      expect(settings.jwt).toMatchObject({ mode: 'HS256', issuer: 'https://id.example.com/' });
      const jwksUrl = 'https://id.example.com/jwks';
      expect(parse({ ...PRODUCTION, JWT_JWKS_URL: jwksUrl }).jwt.mode).toBe('JWKS');
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
      ['JWT_JWKS_URL is not a URL', { JWT_JWKS_URL: 'id.example.com/jwks' }, 'JWT_JWKS_URL'],
      [
        'JWT_JWKS_URL is set with JWT_SECRET',
        { JWT_SECRET: STRONG_SECRET, JWT_JWKS_URL: 'https://id.example.com/jwks' },
        'JWT_JWKS_URL',
      ],
      [
        'JWT_MAX_LIFETIME_SECONDS is below a minute',
        { JWT_MAX_LIFETIME_SECONDS: '59' },
        'JWT_MAX_LIFETIME_SECONDS',
      ],
      [
        'production lacks JWT_ISSUER',
        { ...PRODUCTION, JWT_SECRET: STRONG_SECRET, JWT_ISSUER: undefined },
        'JWT_ISSUER',
      ],
      [
        'production lacks JWT_AUDIENCE',
        { ...PRODUCTION, JWT_SECRET: STRONG_SECRET, JWT_AUDIENCE: undefined },
        'JWT_AUDIENCE',
      ],
      [
        'production fetches keys over plain http',
        { ...PRODUCTION, JWT_JWKS_URL: 'http://id.example.com/jwks' },
        'JWT_JWKS_URL',
      ],
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
      ['TRUST_PROXY is neither hops nor addresses', { TRUST_PROXY: 'sometimes' }, 'TRUST_PROXY'],
      ['TRUST_PROXY has a CIDR too wide', { TRUST_PROXY: '10.0.0.0/33' }, 'TRUST_PROXY'],
      ['TRUST_PROXY is too many hops', { TRUST_PROXY: '17' }, 'TRUST_PROXY'],
      [
        'CALLBACK_RETRY_SECONDS is not a list of seconds',
        { CALLBACK_RETRY_SECONDS: '1m,5m' },
        'CALLBACK_RETRY_SECONDS',
      ],
      ['BODY_LIMIT is not a size', { BODY_LIMIT: 'lots' }, 'BODY_LIMIT'],
      ['RATE_LIMIT_PER_MINUTE is 0', { RATE_LIMIT_PER_MINUTE: '0' }, 'RATE_LIMIT_PER_MINUTE'],
      ['RETENTION_DAYS is above ten years', { RETENTION_DAYS: '3651' }, 'RETENTION_DAYS'],
      ['LOG_LEVEL is unknown', { LOG_LEVEL: 'verbose' }, 'LOG_LEVEL'],
      ['LOG_FORMAT is unknown', { LOG_FORMAT: 'xml' }, 'LOG_FORMAT'],
      ['PUBLIC_URL is not an http(s) URL', { PUBLIC_URL: 'ftp://files.example.com' }, 'PUBLIC_URL'],
      [
        'CORS_ORIGINS is * with credentials',
        { CORS_ORIGINS: '*', CORS_CREDENTIALS: 'true' },
        'CORS_ORIGINS',
      ],
      ['CORS_ORIGINS mixes * and origins', { CORS_ORIGINS: '*,https://a.example' }, 'CORS_ORIGINS'],
      ['CORS_ORIGINS lists a path', { CORS_ORIGINS: 'https://a.example/app' }, 'CORS_ORIGINS'],
      ['CORS_CREDENTIALS is not a boolean', { CORS_CREDENTIALS: 'often' }, 'CORS_CREDENTIALS'],
    ])('when %s, names the variable in a one-line ConfigError', (_case, env, variable) => {
      expectOneLineNaming(configErrorOf(env), variable);
    });

    it.each(['true', 'TRUE', 'yes'])(
      'refuses TRUST_PROXY=%s, saying that it would let clients choose their IP',
      (raw) => {
        const error = configErrorOf({ TRUST_PROXY: raw });
        expectOneLineNaming(error, 'TRUST_PROXY');
        expect(error.message).toContain('must not be true');
        expect(error.message).toContain('escape the per-IP rate limit');
        expect(error.message).toContain('number of proxies');
      },
    );

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

    it('says why production needs an issuer and an audience', () => {
      const { message } = configErrorOf({
        ...PRODUCTION,
        JWT_SECRET: STRONG_SECRET,
        JWT_AUDIENCE: undefined,
      });
      expect(message).toContain('issued to another application would be accepted');
    });

    it('checks production needs MONGODB_URI before it looks for JWT settings', () => {
      expect(configErrorOf({ NODE_ENV: 'production' }).variable).toBe('MONGODB_URI');
    });

    it.each([
      ['ROLE is unknown', { ROLE: 'scheduler' }, 'ROLE'],
      ['ROLE=api has no MONGODB_URI', { ROLE: 'api', REDIS_URL }, 'MONGODB_URI'],
      ['ROLE=worker has no REDIS_URL', { ROLE: 'worker', MONGODB_URI }, 'REDIS_URL'],
    ])('when %s, names the variable', (_case, env, variable) => {
      expectOneLineNaming(configErrorOf(env), variable);
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

      it('leaves credentials in a malformed MONGODB_URI out of the message', () => {
        const { message } = configErrorOf({ MONGODB_URI: 'postgres://admin:pa55word@db/x' });
        expect(message).not.toContain('pa55word');
      });
    });
  });
});
