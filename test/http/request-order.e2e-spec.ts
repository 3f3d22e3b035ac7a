import { randomUUID } from 'node:crypto';
import {
  appWithKey,
  bearer,
  startApp,
  type TestApp,
  token,
  uniqueDatabase,
} from '../harness/test-app';

/** A fresh admin subject, so that each test spends a budget of its own. */
const admin = (): { Authorization: string } =>
  bearer(token({ roles: ['admin'] }, { subject: randomUUID() }));

const nested = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;

const SMS = { to: '+14155550100', body: 'hi' };

describe('the order of work per request: IP limit, credentials, key limit, then the body', () => {
  describe('bounds and limits of bodies', () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await startApp(
        {},
        {
          BODY_LIMIT: '4kb',
          ATTACHMENT_BODY_LIMIT: '64kb',
          JSON_MAX_DEPTH: '8',
          JSON_MAX_ELEMENTS: '200',
        },
      );
    });
    afterAll(async () => {
      await t.close();
    });

    it('refuses JSON nested deeper than JSON_MAX_DEPTH before parsing it', async () => {
      const res = await t.http
        .post('/api/v1/apps')
        .set(admin())
        .set('content-type', 'application/json')
        .send(`{"name": ${nested(8)}}`)
        .expect(400);
      expect(res.body).toEqual({
        code: 'VALIDATION_ERROR',
        message: expect.any(String),
        details: [{ field: 'body', code: 'json_too_deep', message: expect.stringContaining('8') }],
      });
    });

    it('refuses JSON with more than JSON_MAX_ELEMENTS values before parsing it', async () => {
      const res = await t.http
        .post('/api/v1/apps')
        .set(admin())
        .send({ name: 'many', extra: Array.from({ length: 250 }, () => 0) })
        .expect(400);
      expect(res.body.details).toEqual([
        { field: 'body', code: 'json_too_many_values', message: expect.stringContaining('200') },
      ]);
    });

    it('answers a caller without credentials 401 whatever its body: it is never read', async () => {
      const big = await t.http
        .post('/api/v1/apps')
        .set('content-type', 'application/json')
        .send(JSON.stringify({ name: 'x'.repeat(64 * 1024) }))
        .expect(401);
      expect(big.body.code).toBe('UNAUTHORIZED');
      const malformed = await t.http
        .post('/api/v1/apps')
        .set('content-type', 'application/json')
        .send('{"name": ')
        .expect(401);
      expect(malformed.body.code).toBe('UNAUTHORIZED');
      const deep = await t.http
        .post('/api/v1/apps')
        .set('content-type', 'application/json')
        .send(nested(10_000))
        .expect(401);
      expect(deep.body.code).toBe('UNAUTHORIZED');
    });

    it('reads a body over BODY_LIMIT only on a route that carries attachments', async () => {
      const { key } = await appWithKey(
        t,
        { name: 'mail', rateLimitPerMinute: 1000 },
        { admin: admin() },
      );
      const attachment = Buffer.alloc(16 * 1024, 'a').toString('base64');
      const email = {
        to: 'alex@example.com',
        subject: 'Your receipt',
        text: 'Attached.',
        attachments: [{ filename: 'receipt.txt', contentType: 'text/plain', content: attachment }],
      };
      await t.http.post('/api/v1/messages/email').set('x-api-key', key).send(email).expect(202);
      const sms = await t.http
        .post('/api/v1/messages/sms')
        .set('x-api-key', key)
        .send({ ...SMS, metadata: { padding: attachment.slice(0, 5_000) } })
        .expect(413);
      expect(sms.body.code).toBe('PAYLOAD_TOO_LARGE');
      const tooBig = Buffer.alloc(64 * 1024, 'a').toString('base64');
      const refused = await t.http
        .post('/api/v1/messages/email')
        .set('x-api-key', key)
        .send({ ...email, attachments: [{ ...email.attachments[0], content: tooBig }] })
        .expect(413);
      expect(refused.body.code).toBe('PAYLOAD_TOO_LARGE');
    });
  });

  describe('refusals by rate limit come before the body', () => {
    let t: TestApp;

    beforeAll(async () => {
      // The budgets in this process's memory: in the Redis every suite shares, other suites'
      // requests from 127.0.0.1 would spend this suite's per-IP budget of 2.
      t = await startApp(
        { mongo: true, database: uniqueDatabase() },
        {
          RATE_LIMIT_PER_MINUTE: '2',
          RATE_LIMIT_IP_PER_MINUTE: '2',
          RATE_LIMIT_WEBHOOK_IP_PER_MINUTE: '3',
        },
      );
    });
    afterAll(async () => {
      await t.close();
    });

    it('answers a key past its budget 429 even for a body it could not parse', async () => {
      const key = (await appWithKey(t, { name: 'spent' }, { admin: admin() })).key;
      for (let i = 0; i < 2; i += 1) {
        await t.http.post('/api/v1/messages/sms').set('x-api-key', key).send(SMS).expect(202);
      }
      const refused = await t.http
        .post('/api/v1/messages/sms')
        .set('x-api-key', key)
        .set('content-type', 'application/json')
        .send('{"to": ')
        .expect(429);
      expect(refused.body.code).toBe('RATE_LIMITED');
      expect(refused.headers['retry-after']).toEqual(expect.any(String));
    });

    it('refuses credentials from an IP whose budget failed attempts spent, before checking them', async () => {
      const key = (await appWithKey(t, { name: 'valid' }, { admin: admin() })).key;
      const guess = `sb_${'0'.repeat(12)}_${'x'.repeat(43)}`;
      for (let i = 0; i < 2; i += 1) {
        await t.http.get('/api/v1/me').set('x-api-key', guess).expect(401);
      }
      const refused = await t.http
        .post('/api/v1/messages/sms')
        .set('x-api-key', key)
        .set('content-type', 'application/json')
        .send('{"to": ')
        .expect(429);
      expect(refused.body.code).toBe('RATE_LIMITED');
      expect(refused.headers['ratelimit-limit']).toBe('2');
    });

    it('limits the inbound webhook routes per IP with a budget of their own', async () => {
      const post = () =>
        t.http
          .post('/api/v1/webhooks/twilio')
          .type('form')
          .send({ AccountSid: `AC${'0'.repeat(32)}`, MessageSid: 'SM1', MessageStatus: 'sent' });
      for (let i = 0; i < 3; i += 1) {
        const res = await post();
        expect(res.status).toBe(403);
        expect(res.headers['ratelimit-limit']).toBe('3');
      }
      const refused = await post().expect(429);
      expect(refused.body.code).toBe('RATE_LIMITED');
    });
  });
});
