import { createECDH, randomBytes } from 'node:crypto';
import { isPushSubscription } from './push.validation';

const ecdh = createECDH('prime256v1');
ecdh.generateKeys();
const keys = {
  p256dh: ecdh.getPublicKey().toString('base64url'),
  auth: randomBytes(16).toString('base64url'),
};
const endpoint = 'https://updates.push.services.mozilla.com/wpush/v2/gAAAAABh';

describe('isPushSubscription', () => {
  it('takes a subscription as the browser serialises it', () => {
    expect(isPushSubscription({ endpoint, expirationTime: null, keys })).toBe(true);
  });

  it.each<[string, unknown]>([
    ['no keys', { endpoint }],
    ['no endpoint', { keys }],
    [
      'a compressed p256dh',
      { endpoint, keys: { ...keys, p256dh: ecdh.getPublicKey('base64url', 'compressed') } },
    ],
    [
      'a 12-byte auth',
      { endpoint, keys: { ...keys, auth: randomBytes(12).toString('base64url') } },
    ],
    ['standard base64', { endpoint, keys: { ...keys, auth: 'ab+/ab+/ab+/ab+/ab+/ab' } }],
    ['a string', endpoint],
    ['an endpoint too long', { endpoint: `${endpoint}${'a'.repeat(2048)}`, keys }],
  ])('refuses %s', (_case, value) => {
    expect(isPushSubscription(value)).toBe(false);
  });
});
