import { randomUUID } from 'node:crypto';
import {
  appWithKey,
  bearer,
  startApp,
  type TestApp,
  token,
  uniqueDatabase,
} from '../harness/test-app';

async function issueKey(
  t: TestApp,
  app: Record<string, unknown> = { name: 'limited' },
): Promise<string> {
  // A subject of its own, so that setting up does not spend the budget under test.
  const admin = bearer(token({ roles: ['admin'] }, { subject: randomUUID() }));
  return (await appWithKey(t, app, { admin })).key;
}

function expectLimitHeaders(
  headers: Record<string, string>,
  limit: number,
  remaining: number,
): void {
  expect(headers['ratelimit-limit']).toBe(String(limit));
  expect(headers['ratelimit-remaining']).toBe(String(remaining));
  expect(Number(headers['ratelimit-reset'])).toBeGreaterThan(0);
}

describe('rate limits', () => {
  describe('two instances on one Redis share one budget', () => {
    const database = uniqueDatabase();
    let first: TestApp;
    let second: TestApp;

    beforeAll(async () => {
      const env = { RATE_LIMIT_PER_MINUTE: '5' };
      first = await startApp({ mongo: true, database, redis: true }, env);
      second = await startApp({ mongo: true, database, redis: true }, env);
    });
    afterAll(async () => {
      await Promise.all([first.close(), second.close()]);
    });

    it('counts requests on either instance against the key, then answers 429 with Retry-After', async () => {
      const key = await issueKey(first);
      for (let i = 0; i < 3; i += 1) {
        const res = await first.http.get('/api/v1/me').set('x-api-key', key).expect(200);
        expectLimitHeaders(res.headers, 5, 4 - i);
      }
      for (let i = 0; i < 2; i += 1)
        await second.http.get('/api/v1/me').set('x-api-key', key).expect(200);
      const refused = await second.http.get('/api/v1/me').set('x-api-key', key).expect(429);
      const retryAfter = Number(refused.headers['retry-after']);
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(120);
      expect(refused.body).toEqual({
        code: 'RATE_LIMITED',
        message: expect.any(String),
        retryAfter,
      });
      expectLimitHeaders(refused.headers, 5, 0);
      await first.http.get('/api/v1/me').set('x-api-key', key).expect(429);
    });

    it("applies an app's own rateLimitPerMinute to its keys", async () => {
      const key = await issueKey(first, { name: 'small', rateLimitPerMinute: 2 });
      const ok = await second.http.get('/api/v1/me').set('x-api-key', key).expect(200);
      expect(ok.headers['ratelimit-limit']).toBe('2');
      await first.http.get('/api/v1/me').set('x-api-key', key).expect(200);
      await second.http.get('/api/v1/me').set('x-api-key', key).expect(429);
    });
  });

  describe('in memory, per key and per IP', () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await startApp({}, { RATE_LIMIT_PER_MINUTE: '3', RATE_LIMIT_IP_PER_MINUTE: '4' });
    });
    afterAll(async () => {
      await t.close();
    });

    it('gives each key its own budget', async () => {
      const [a, b] = [await issueKey(t), await issueKey(t)];
      for (let i = 0; i < 3; i += 1) await t.http.get('/api/v1/me').set('x-api-key', a).expect(200);
      await t.http.get('/api/v1/me').set('x-api-key', a).expect(429);
      await t.http.get('/api/v1/me').set('x-api-key', b).expect(200);
    });

    it('limits callers without valid credentials by IP, which slows key guessing', async () => {
      const guess = (n: number) =>
        t.http
          .get('/api/v1/me')
          .set('x-api-key', `sb_${'0'.repeat(12)}_${String(n).padStart(43, 'x')}`);
      for (let i = 0; i < 4; i += 1) {
        const res = await guess(i).expect(401);
        expect(res.headers['ratelimit-limit']).toBe('4');
      }
      const refused = await guess(99).expect(429);
      expect(refused.body.code).toBe('RATE_LIMITED');
      expect(refused.headers['retry-after']).toEqual(expect.any(String));
      await t.http.get('/api/v1/me').expect(429);
    });

    it('does not limit health probes or metrics', async () => {
      for (let i = 0; i < 8; i += 1) {
        const res = await t.http.get('/api/v1/health/live').expect(200);
        expect(res.headers['ratelimit-limit']).toBeUndefined();
      }
    });
  });
});
