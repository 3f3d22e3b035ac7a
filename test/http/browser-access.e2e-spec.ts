import { adminToken, bearer, startApp, type TestApp } from '../harness/test-app';

const ADMIN_ORIGIN = 'https://admin.example.com';
const OTHER_ORIGIN = 'https://elsewhere.example.net';
const REQUEST_HEADERS = ['authorization', 'x-api-key', 'idempotency-key', 'prefer', 'content-type'];
const EXPOSED_HEADERS = [
  'location',
  'retry-after',
  'ratelimit-limit',
  'ratelimit-remaining',
  'ratelimit-reset',
  'x-request-id',
  'idempotent-replayed',
];

const listOf = (header: string | undefined): string[] =>
  (header ?? '').split(',').map((name) => name.trim().toLowerCase());

describe('browser front ends', () => {
  describe(`with CORS_ORIGINS=${ADMIN_ORIGIN}`, () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await startApp({}, { CORS_ORIGINS: ADMIN_ORIGIN });
    });
    afterAll(async () => {
      await t.close();
    });

    const preflight = (origin: string, method = 'POST') =>
      t.http
        .options('/api/v1/apps')
        .set('Origin', origin)
        .set('Access-Control-Request-Method', method)
        .set('Access-Control-Request-Headers', REQUEST_HEADERS.join(','));

    it('answers a listed origin’s preflight with the methods and request headers the API uses', async () => {
      const res = await preflight(ADMIN_ORIGIN).expect(204);
      expect(res.headers['access-control-allow-origin']).toBe(ADMIN_ORIGIN);
      expect(listOf(res.headers['access-control-allow-methods'])).toEqual(
        expect.arrayContaining(['get', 'post', 'put', 'patch', 'delete']),
      );
      expect(listOf(res.headers['access-control-allow-headers'])).toEqual(
        expect.arrayContaining(REQUEST_HEADERS),
      );
      expect(res.headers['access-control-allow-credentials']).toBeUndefined();
    });

    it('lets a listed origin’s script read the answer and the headers it needs', async () => {
      const res = await t.http
        .get('/api/v1/apps')
        .set('Origin', ADMIN_ORIGIN)
        .set(bearer(adminToken()))
        .expect(200);
      expect(res.headers['access-control-allow-origin']).toBe(ADMIN_ORIGIN);
      expect(listOf(res.headers['access-control-expose-headers'])).toEqual(
        expect.arrayContaining(EXPOSED_HEADERS),
      );
    });

    it('gives an origin not listed no CORS headers, so its browser refuses the answer', async () => {
      const res = await preflight(OTHER_ORIGIN);
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
      const read = await t.http
        .get('/api/v1/apps')
        .set('Origin', OTHER_ORIGIN)
        .set(bearer(adminToken()));
      expect(read.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('puts security headers on answers, errors and Swagger UI alike', async () => {
      const answers = [
        await t.http.get('/api/v1/health/live'),
        await t.http.get('/api/v1/apps'),
        await t.http.get('/docs/'),
      ];
      expect(answers.map((res) => res.status)).toEqual([200, 401, 200]);
      for (const res of answers) {
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
        const policy = res.headers['content-security-policy'];
        expect(policy).toContain("script-src 'self'");
        expect(policy).not.toContain('upgrade-insecure-requests');
      }
    });

    it('serves Swagger UI with scripts of its own origin only, as its content policy requires', async () => {
      const page = await t.http.get('/docs/').expect(200);
      const scripts = [...page.text.matchAll(/<script([^>]*)>([^<]*)<\/script>/g)];
      expect(scripts.length).toBeGreaterThan(0);
      for (const [, attributes, inline] of scripts) {
        expect(attributes).toMatch(/src=["']\.?\/?[\w./-]+["']/);
        expect(inline.trim()).toBe('');
      }
    });
  });

  it('allows no origin by default', async () => {
    const t = await startApp();
    try {
      const res = await t.http
        .options('/api/v1/apps')
        .set('Origin', ADMIN_ORIGIN)
        .set('Access-Control-Request-Method', 'GET');
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await t.close();
    }
  });
});
