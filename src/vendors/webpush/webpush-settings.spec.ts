import type { Environment } from '../../common/config/variables';
import {
  channelChain,
  configErrorOf,
  ENCRYPTION_KEY,
  MONGODB_URI,
  STRONG_SECRET,
  TOKEN_PARTIES,
  VAPID,
} from '../../../test/support/settings';

describe('VAPID variables', () => {
  const PUSH_PROVIDERS = JSON.stringify({ push: [{ id: 'webpush', type: 'webpush' }] });

  it('allows a webpush provider without keys outside production (a pair is made at start-up)', () => {
    expect(channelChain({ PROVIDERS: PUSH_PROVIDERS }, 'push')[0]?.options).toEqual({});
  });

  it('requires the VAPID keys in production when a webpush provider is configured', () => {
    const error = configErrorOf({
      NODE_ENV: 'production',
      MONGODB_URI,
      JWT_SECRET: STRONG_SECRET,
      ...TOKEN_PARTIES,
      ENCRYPTION_KEY,
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
  ])('is a ConfigError naming the variable when %s', (_case, env, variable) => {
    const error = configErrorOf(env);
    expect(error.variable).toBe(variable);
    expect(error.message).not.toContain('PRIVATE KEY');
    expect(error.message).not.toContain('k'.repeat(43));
  });
});
