import type { AddressInfo } from 'node:net';
import { appWithKey, bearer, startApp, type TestApp, viewerToken } from '../harness/test-app';
import { withoutStall } from '../support/stall-probe';

/**
 * The attacks of issue 11 repeated against the embedded default, each while the stall probe
 * checks that `GET /health/live` keeps answering within 200 ms.
 */
describe('hostile requests neither stall the service nor answer 500', () => {
  let t: TestApp;
  let key: string;
  /** The served address: large bodies go through fetch, which sends a string as it is. */
  let base: string;

  beforeAll(async () => {
    t = await startApp();
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    ({ key } = await appWithKey(t, { name: 'target', rateLimitPerMinute: 100_000 }));
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers 14 MB of tiny JSON objects without credentials 401 without parsing them', async () => {
    // Encoded before the probe starts: the test's own work on the body is not the server's.
    const body = Buffer.from(`[${'{},'.repeat(4_700_000)}{}]`);
    const res = await withoutStall(t.http, () =>
      fetch(`${base}/api/v1/apps`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      }),
    );
    expect(res.status).toBe(401);
    expect(((await res.json()) as { code: string }).code).toBe('UNAUTHORIZED');
  });

  describe('templates whose loops multiply', () => {
    const LOOPS = '{{#each @root.a}}{{#each @root.a}}{{#each @root.a}}x{{/each}}{{/each}}{{/each}}';
    const data = { a: Array.from({ length: 200 }, (_, i) => i) };
    let templateId: string;

    beforeAll(async () => {
      const res = await t.http
        .post('/api/v1/templates')
        .set('x-api-key', key)
        .send({ name: 'loops', subject: 'Hi', html: LOOPS })
        .expect(201);
      templateId = res.body.id;
    });

    it('stops a preview at its budget: 400 template_error naming the limit', async () => {
      const res = await withoutStall(t.http, () =>
        t.http
          .post(`/api/v1/templates/${templateId}/preview`)
          .set(bearer(viewerToken()))
          .send({ data }),
      );
      expect(res.status).toBe(400);
      expect(res.body.details).toEqual([
        {
          field: 'data',
          code: 'template_error',
          message: expect.stringMatching(/longer than 50 ms|passed 1000000 characters/),
        },
      ]);
    });

    it('stops an email send rendering it at its budget: 400 template_error', async () => {
      const res = await withoutStall(t.http, () =>
        t.http
          .post('/api/v1/messages/email')
          .set('x-api-key', key)
          .send({ to: 'alex@example.com', template: 'loops', templateData: data }),
      );
      expect(res.status).toBe(400);
      expect(res.body.details).toEqual([
        {
          field: 'templateData',
          code: 'template_error',
          message: expect.stringMatching(/longer than 50 ms|passed 1000000 characters/),
        },
      ]);
    });
  });

  it('refuses HTML nested 80,000 deep as 400 html_too_deep, never 500', async () => {
    const html = `${'<div>'.repeat(80_000)}deep${'</div>'.repeat(80_000)}`;
    const body = JSON.stringify({ to: 'alex@example.com', subject: 'Deep', html });
    const res = await withoutStall(t.http, () =>
      t.http
        .post('/api/v1/messages/email')
        .set('x-api-key', key)
        .set('content-type', 'application/json')
        .send(body),
    );
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([
      { field: 'html', code: 'html_too_deep', message: expect.stringContaining('100') },
    ]);
  });
});
