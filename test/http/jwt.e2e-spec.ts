import { createHmac, generateKeyPairSync } from 'node:crypto';
import { sign } from 'jsonwebtoken';
import { bearer, startApp, TEST_JWT_SECRET, token, type TestApp } from '../harness/test-app';

const base64url = (value: object): string =>
  Buffer.from(JSON.stringify(value)).toString('base64url');
const now = (): number => Math.floor(Date.now() / 1000);

/** A token built by hand, for forgeries a signing library refuses to make. */
function handMade(header: object, claims: object, signWith?: (input: string) => string): string {
  const input = `${base64url(header)}.${base64url(claims)}`;
  return `${input}.${signWith ? signWith(input) : ''}`;
}

const hmac =
  (key: string | Buffer) =>
  (input: string): string =>
    createHmac('sha256', key).update(input).digest('base64url');

describe('JWT verification', () => {
  describe('HS256 with issuer and audience', () => {
    let t: TestApp;
    const issued = { issuer: 'https://id.example.com', audience: 'switchboard' };

    beforeAll(async () => {
      t = await startApp({}, { JWT_ISSUER: issued.issuer, JWT_AUDIENCE: issued.audience });
    });
    afterAll(async () => {
      await t.close();
    });

    const me = (jwt: string) => t.http.get('/api/v1/me').set(bearer(jwt));

    it('accepts a valid token and reports its subject and roles', async () => {
      const res = await me(token({ roles: ['admin', 'auditor'] }, issued)).expect(200);
      expect(res.body).toEqual({ kind: 'jwt', subject: 'tester', roles: ['admin'] });
    });

    it.each([
      ['expired', () => token({}, { ...issued, expiresIn: -10 })],
      [
        'tampered payload',
        () => {
          const [header, , signature] = token({}, issued).split('.');
          return `${header}.${base64url({ sub: 'tester', roles: ['admin'], iss: issued.issuer, aud: issued.audience, exp: now() + 600 })}.${signature}`;
        },
      ],
      [
        'wrong signature',
        () =>
          sign({ roles: ['admin'] }, 'another-secret-that-is-32-characters!!', {
            subject: 'x',
            ...issued,
          }),
      ],
      ['wrong issuer', () => token({}, { ...issued, issuer: 'https://evil.example.com' })],
      ['wrong audience', () => token({}, { ...issued, audience: 'someone-else' })],
      ['no issuer', () => token({}, { audience: issued.audience })],
      [
        'without exp, so never expiring',
        () => sign({ roles: ['admin'] }, TEST_JWT_SECRET, { subject: 'tester', ...issued }),
      ],
      [
        'living two days, longer than JWT_MAX_LIFETIME_SECONDS',
        () => token({}, { ...issued, expiresIn: 2 * 24 * 60 * 60 }),
      ],
      [
        'without iat, expiring in two days',
        () =>
          handMade(
            { alg: 'HS256', typ: 'JWT' },
            {
              sub: 'x',
              roles: ['admin'],
              iss: issued.issuer,
              aud: issued.audience,
              exp: now() + 2 * 24 * 60 * 60,
            },
            hmac(TEST_JWT_SECRET),
          ),
      ],
      [
        'alg none',
        () =>
          handMade(
            { alg: 'none', typ: 'JWT' },
            {
              sub: 'x',
              roles: ['admin'],
              iss: issued.issuer,
              aud: issued.audience,
              exp: now() + 600,
            },
          ),
      ],
      [
        'HS512 instead of HS256',
        () =>
          sign({ roles: ['admin'] }, TEST_JWT_SECRET, {
            algorithm: 'HS512',
            subject: 'x',
            ...issued,
          }),
      ],
      [
        'no subject',
        () =>
          handMade(
            { alg: 'HS256', typ: 'JWT' },
            { roles: ['admin'], iss: issued.issuer, aud: issued.audience, exp: now() + 600 },
            hmac(TEST_JWT_SECRET),
          ),
      ],
      ['garbage', () => 'not.a.token'],
    ])('refuses a token that is %s with 401', async (_name, make) => {
      const res = await me(make()).expect(401);
      expect(res.body.code).toBe('UNAUTHORIZED');
    });
  });

  describe('RS256 with a public key', () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    let t: TestApp;

    beforeAll(async () => {
      t = await startApp(
        {},
        { JWT_SECRET: undefined, JWT_PUBLIC_KEY: publicPem, JWT_ROLES_CLAIM: 'realm_access.roles' },
      );
    });
    afterAll(async () => {
      await t.close();
    });

    it('accepts an RS256 token and reads roles from a nested claim', async () => {
      const jwt = sign({ realm_access: { roles: ['viewer'] } }, privatePem, {
        algorithm: 'RS256',
        subject: 'ops',
        expiresIn: 60,
      });
      const res = await t.http.get('/api/v1/me').set(bearer(jwt)).expect(200);
      expect(res.body).toEqual({ kind: 'jwt', subject: 'ops', roles: ['viewer'] });
      await t.http.get('/api/v1/apps').set(bearer(jwt)).expect(200);
      await t.http.post('/api/v1/apps').set(bearer(jwt)).send({ name: 'x' }).expect(403);
    });

    it('refuses an HS256 token signed with the public key as the secret (algorithm confusion)', async () => {
      const forged = handMade(
        { alg: 'HS256', typ: 'JWT' },
        { sub: 'attacker', realm_access: { roles: ['admin'] }, exp: now() + 600 },
        hmac(publicPem),
      );
      const res = await t.http.get('/api/v1/me').set(bearer(forged)).expect(401);
      expect(res.body.code).toBe('UNAUTHORIZED');
    });

    it('refuses alg none and a token signed by another key pair', async () => {
      const none = handMade(
        { alg: 'none' },
        { sub: 'x', realm_access: { roles: ['admin'] }, exp: now() + 600 },
      );
      await t.http.get('/api/v1/me').set(bearer(none)).expect(401);
      const other = generateKeyPairSync('rsa', { modulusLength: 2048 })
        .privateKey.export({ type: 'pkcs8', format: 'pem' })
        .toString();
      const foreign = sign({ realm_access: { roles: ['admin'] } }, other, {
        algorithm: 'RS256',
        subject: 'x',
        expiresIn: 60,
      });
      await t.http.get('/api/v1/me').set(bearer(foreign)).expect(401);
    });
  });

  describe('roles', () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await startApp();
    });
    afterAll(async () => {
      await t.close();
    });

    it('lets admins manage apps, viewers read them, and others do neither', async () => {
      await t.http
        .post('/api/v1/apps')
        .set(bearer(token({ roles: ['admin'] })))
        .send({ name: 'a' })
        .expect(201);
      await t.http
        .get('/api/v1/apps')
        .set(bearer(token({ roles: 'viewer' })))
        .expect(200);
      const viewerWrite = await t.http
        .post('/api/v1/apps')
        .set(bearer(token({ roles: ['viewer'] })))
        .send({ name: 'b' })
        .expect(403);
      expect(viewerWrite.body.code).toBe('FORBIDDEN');
      await t.http
        .get('/api/v1/apps')
        .set(bearer(token({ roles: ['guest'] })))
        .expect(403);
      await t.http
        .get('/api/v1/me')
        .set(bearer(token({ roles: [] })))
        .expect(200);
    });
  });
});
