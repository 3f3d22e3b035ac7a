import {
  configErrorOf as configErrorIn,
  DEV_SECRET,
  MONGODB_URI,
  STRONG_SECRET,
  TOKEN_PARTIES,
} from '../../../test/support/settings';
import { DEFAULTS, parseSettings, type Settings } from './settings';
import type { ConfigError, Environment } from './variables';

const parse = (env: Environment): Settings => parseSettings(env, () => DEV_SECRET);
const configErrorOf = (env: Environment): ConfigError => configErrorIn(env, parse);
const REDIS_URL = 'redis://127.0.0.1:6379';
const PRODUCTION: Environment = {
  NODE_ENV: 'production',
  MONGODB_URI,
  ...TOKEN_PARTIES,
  ENCRYPTION_KEY: '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff',
};

/** How the process runs and logs, which browsers may call it, and how numbers are read. */
describe('ROLE', () => {
  it('runs everything in one process by default', () => {
    expect(parse({}).role).toBe('all');
  });

  it.each(['api', 'worker'])('takes %s with a database and Redis to share work through', (role) => {
    expect(parse({ ROLE: role, MONGODB_URI, REDIS_URL }).role).toBe(role);
  });
});

describe('log format', () => {
  it('writes readable lines in development and JSON lines elsewhere', () => {
    expect(parse({}).logFormat).toBe('pretty');
    expect(parse({ NODE_ENV: 'test' }).logFormat).toBe('json');
    expect(parse({ ...PRODUCTION, JWT_SECRET: STRONG_SECRET }).logFormat).toBe('json');
  });

  it('takes LOG_FORMAT over the default', () => {
    expect(parse({ LOG_FORMAT: 'json' }).logFormat).toBe('json');
    expect(parse({ NODE_ENV: 'test', LOG_FORMAT: 'pretty' }).logFormat).toBe('pretty');
  });
});

describe('browser origins', () => {
  it('allows no origin by default', () => {
    expect(parse({}).cors).toEqual({ origins: [], credentials: false });
  });

  it('reads a list of origins, trimmed and in lower case, with credentials', () => {
    const env = {
      CORS_ORIGINS: ' https://Admin.example.com, http://localhost:5173 ',
      CORS_CREDENTIALS: 'true',
    };
    expect(parse(env).cors).toEqual({
      origins: ['https://admin.example.com', 'http://localhost:5173'],
      credentials: true,
    });
  });

  it('takes * for any origin without credentials', () => {
    expect(parse({ CORS_ORIGINS: '*' }).cors).toEqual({ origins: '*', credentials: false });
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
