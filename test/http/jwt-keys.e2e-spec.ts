import { createHmac } from 'node:crypto';
import { JwksRefresh } from '../../src/identity/jwks-key-set';
import { bearer, startApp, type TestApp } from '../harness/test-app';
import { issuerKey, JwksServer, tokenOf } from '../support/jwks-server';

const ISSUED = { issuer: 'https://id.example.com/', audience: 'switchboard' };
const ADMIN = { roles: ['admin'] };

/** A token whose header says `alg` and `kid`, signed with an HMAC of `secret` (or unsigned). */
function handMade(alg: string, kid: string, secret?: string): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const exp = Math.floor(Date.now() / 1000) + 300;
  const input = `${part({ alg, kid, typ: 'JWT' })}.${part({ sub: 'x', ...ADMIN, exp, iss: ISSUED.issuer, aud: ISSUED.audience })}`;
  const signature =
    secret === undefined ? '' : createHmac('sha256', secret).update(input).digest('base64url');
  return `${input}.${signature}`;
}

describe('JWT verification with the identity provider’s key set (JWT_JWKS_URL)', () => {
  const first = issuerKey('2024-rsa', 'RS256');
  const next = issuerKey('2025-ec', 'ES256');
  const nextRsa = issuerKey('2025-rsa', 'RS256');
  const stranger = issuerKey('2024-rsa', 'RS256');
  let jwks: JwksServer;
  let refresh: JwksRefresh;
  let t: TestApp;

  const me = (token: string) => t.http.get('/api/v1/me').set(bearer(token));

  beforeAll(async () => {
    jwks = await new JwksServer().start();
    jwks.keys = [first];
    t = await startApp(
      {},
      {
        JWT_SECRET: undefined,
        JWT_JWKS_URL: jwks.url,
        JWT_ISSUER: ISSUED.issuer,
        JWT_AUDIENCE: ISSUED.audience,
      },
    );
    refresh = t.app.get(JwksRefresh);
    // A refetch only when a test allows one: set to 0 where the key set may be fetched again.
    refresh.cooldownMs = 60 * 60_000;
  });
  afterAll(async () => {
    await t.close();
    await jwks.stop();
  });

  it('takes a token signed with a key of the set, fetching the set once', async () => {
    const res = await me(tokenOf(first, ADMIN, { ...ISSUED, subject: 'ops' })).expect(200);
    expect(res.body).toEqual({ kind: 'jwt', subject: 'ops', roles: ['admin'] });
    await me(tokenOf(first, ADMIN, ISSUED)).expect(200);
    await t.http
      .post('/api/v1/apps')
      .set(bearer(tokenOf(first, ADMIN, ISSUED)))
      .send({ name: 'jwks' })
      .expect(201);
    expect(jwks.requests).toBe(1);
  });

  it('refuses tokens of other keys, issuers and audiences', async () => {
    await me(tokenOf(stranger, ADMIN, ISSUED)).expect(401);
    await me(tokenOf(first, ADMIN, { ...ISSUED, issuer: 'https://other.example.com/' })).expect(
      401,
    );
    await me(tokenOf(first, ADMIN, { ...ISSUED, audience: 'another-app' })).expect(401);
    await me(tokenOf(first, ADMIN, { ...ISSUED, expiresIn: 2 * 24 * 60 * 60 })).expect(401);
  });

  it('fetches the set no more than its cooldown allows, however many unknown kids are named', async () => {
    const before = jwks.requests;
    for (let i = 0; i < 25; i += 1) {
      await me(tokenOf(stranger, ADMIN, { ...ISSUED, keyid: `made-up-${i}` })).expect(401);
    }
    expect(jwks.requests).toBe(before);
  });

  it('follows a key rotation: the new key is taken at once, the withdrawn one refused', async () => {
    jwks.keys = [next, nextRsa];
    refresh.cooldownMs = 0;
    const before = jwks.requests;
    const res = await me(tokenOf(next, ADMIN, { ...ISSUED, subject: 'after-rotation' })).expect(
      200,
    );
    expect(res.body.subject).toBe('after-rotation');
    expect(jwks.requests).toBe(before + 1);
    refresh.cooldownMs = 60 * 60_000;
    await me(tokenOf(nextRsa, ADMIN, ISSUED)).expect(200);
    await me(tokenOf(first, ADMIN, ISSUED)).expect(401);
    expect(jwks.requests).toBe(before + 1);
  });

  it('takes RS256 and ES256 only, even with a key of the set', async () => {
    await me(tokenOf(nextRsa, ADMIN, { ...ISSUED, algorithm: 'RS384' })).expect(401);
    await me(tokenOf(nextRsa, ADMIN, { ...ISSUED, algorithm: 'PS256' })).expect(401);
    const publicJwk = JSON.stringify(nextRsa.jwk);
    await me(handMade('HS256', nextRsa.kid, publicJwk)).expect(401);
    await me(handMade('none', nextRsa.kid)).expect(401);
  });

  it('keeps the last set it had while the key set cannot be fetched', async () => {
    jwks.failing = true;
    refresh.cooldownMs = 0;
    const before = jwks.requests;
    await me(tokenOf(issuerKey('unknown', 'ES256'), ADMIN, ISSUED)).expect(401);
    expect(jwks.requests).toBeGreaterThan(before);
    await me(tokenOf(next, ADMIN, ISSUED)).expect(200);
    jwks.failing = false;
    refresh.cooldownMs = 60 * 60_000;
  });
});
