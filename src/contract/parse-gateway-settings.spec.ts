import {
  configErrorOf as configErrorIn,
  DEV_SECRET,
  ENCRYPTION_KEY,
  expectOneLineNaming,
  MONGODB_URI,
  STRONG_SECRET,
  TOKEN_PARTIES,
} from '../../test/support/settings';
import type { Environment } from '../common/config/variables';
import type { GatewaySettings } from './gateway-settings';
import { parseGatewaySettings } from './parse-gateway-settings';

/** The generic settings and the provider list, without any channel's or vendor's variables. */
const parse = (env: Environment): GatewaySettings =>
  parseGatewaySettings(env, () => DEV_SECRET, []);

describe('parseGatewaySettings', () => {
  it('leaves the provider list unset with an empty environment', () => {
    const settings = parse({});
    expect(settings.providers.list).toBeUndefined();
    expect(settings.providers.file).toBeUndefined();
  });

  it('accepts a complete production environment', () => {
    const settings = parse({
      NODE_ENV: 'production',
      MONGODB_URI,
      REDIS_URL: 'rediss://cache.internal:6380',
      JWT_SECRET: STRONG_SECRET,
      ...TOKEN_PARTIES,
      ENCRYPTION_KEY,
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

  it.each<[string, Environment, string]>([
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
  ])('when %s, names the variable in a one-line ConfigError', (_case, env, variable) => {
    expectOneLineNaming(configErrorIn(env, parse), variable);
  });
});
