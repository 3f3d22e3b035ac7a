import {
  adminToken,
  appWithKey,
  bearer,
  startApp,
  type TestApp,
  token,
  viewerToken,
} from '../harness/test-app';
import { ENCRYPTION_KEY, TOKEN_PARTIES } from '../support/settings';
import { linksIn, pathOf } from '../support/engagement-links';
import { eventually } from '../support/polling';

const admin = bearer(adminToken());
const viewer = bearer(viewerToken());
/** Where links point on the embedded default: PUBLIC_URL unset, outside production. */
const LOCAL = 'http://localhost:3000';
const OFF = { tracking: { opens: false, clicks: false }, unsubscribeTopics: [] };

describe.each([
  ['memory store', false],
  ['FerretDB store', true],
])('email engagement through the API, on the sandbox (%s)', (_mode, mongo) => {
  let t: TestApp;
  let appId: string;
  let key: string;
  let otherKey: string;

  beforeAll(async () => {
    t = await startApp({ mongo }, { RATE_LIMIT_IP_PER_MINUTE: '1000' });
    ({ appId, key } = await appWithKey(t, { name: 'engaged', rateLimitPerMinute: 100000 }));
    ({ key: otherKey } = await appWithKey(t, { name: 'other', rateLimitPerMinute: 100000 }));
  });
  afterAll(async () => {
    await t.close();
  });

  const send = (body: Record<string, unknown>, apiKey = key) =>
    t.http.post('/api/v1/messages/email').set('x-api-key', apiKey).send(body);
  const delivered = async (id: string) =>
    (
      await eventually(
        () => t.http.get(`/api/v1/messages/${id}`).set('x-api-key', key),
        (res) => res.status === 200 && res.body.status === 'DELIVERED',
        `message ${id} to be delivered`,
      )
    ).body;
  const defaultsPath = () => `/api/v1/apps/${appId}/engagement-defaults`;

  describe('app defaults', () => {
    it('are off until an admin sets them; viewers read them, keys neither', async () => {
      const read = await t.http.get(defaultsPath()).set(viewer).expect(200);
      expect(read.body).toEqual({ appId, ...OFF, updatedAt: null });
      await t.http.get(defaultsPath()).set('x-api-key', key).expect(401);
      await t.http.put(defaultsPath()).set(viewer).send(OFF).expect(403);
      await t.http.get('/api/v1/apps/app_missing/engagement-defaults').set(admin).expect(404);
      const bad = await t.http
        .put(defaultsPath())
        .set(admin)
        .send({ ...OFF, unsubscribeTopics: ['news letter'] })
        .expect(400);
      expect(bad.body.details).toEqual([expect.objectContaining({ code: 'invalid_topic' })]);
    });

    it('apply to sends that do not say, and a send overrides them', async () => {
      const set = await t.http
        .put(defaultsPath())
        .set(admin)
        .send({ tracking: { opens: true, clicks: false }, unsubscribeTopics: ['newsletter'] })
        .expect(200);
      expect(set.body).toMatchObject({ tracking: { opens: true, clicks: false } });
      expect(set.body.updatedAt).toEqual(expect.any(String));

      const content = async (body: Record<string, unknown>) => {
        const res = await send({ to: 'ann@example.com', subject: 's', text: 't', ...body }).expect(
          202,
        );
        return (await delivered(res.body.messageId)).content;
      };
      expect(await content({ topic: 'newsletter' })).toMatchObject({
        tracking: { opens: true, clicks: false },
        unsubscribe: true,
        topic: 'newsletter',
      });
      const receipt = await content({ topic: 'receipts', tracking: { opens: false } });
      expect(receipt).not.toHaveProperty('tracking');
      expect(receipt).not.toHaveProperty('unsubscribe');
      const ownHeader = await content({
        topic: 'newsletter',
        headers: { 'List-Unsubscribe': '<https://example.com/u/1>' },
      });
      expect(ownHeader).not.toHaveProperty('unsubscribe');
      await t.http.put(defaultsPath()).set(admin).send(OFF).expect(200);
    });
  });

  it("names the app's unsubscribe mailbox after the link, the token in its subject", async () => {
    const bad = await t.http
      .put(defaultsPath())
      .set(admin)
      .send({ ...OFF, unsubscribeMailto: '"un subscribe"@example.com' })
      .expect(400);
    expect(bad.body.details).toEqual([
      expect.objectContaining({ field: 'unsubscribeMailto', code: 'invalid_email' }),
    ]);
    await t.http
      .put(defaultsPath())
      .set(admin)
      .send({ ...OFF, unsubscribeMailto: 'Unsubscribe@Example.com' })
      .expect(200);
    const sent = await send({
      to: 'ann@example.com',
      subject: 's',
      text: 't',
      unsubscribe: true,
    }).expect(202);
    const id: string = sent.body.messageId;
    await delivered(id);
    const copy = await t.http
      .get(`/api/v1/messages/email/${id}/copy`)
      .query({ recipient: 'ann@example.com' })
      .set('x-api-key', key)
      .expect(200);
    const header: string = copy.body.headers['List-Unsubscribe'];
    const token = /\/unsubscribe\/([^>]+)>/.exec(header)?.[1] ?? 'none';
    expect(header).toBe(
      `<${LOCAL}/api/v1/unsubscribe/${token}>, <mailto:unsubscribe@example.com?subject=unsubscribe%20${token}>`,
    );
    await t.http.put(defaultsPath()).set(admin).send(OFF).expect(200);
  });

  it('checks the engagement fields of a send', async () => {
    const topic = await send({ to: 'a@example.com', subject: 's', text: 't', topic: 'a b' }).expect(
      400,
    );
    expect(topic.body.details).toEqual([
      expect.objectContaining({ field: 'topic', code: 'invalid_topic' }),
    ]);
    const conflict = await send({
      to: 'a@example.com',
      subject: 's',
      text: 't',
      unsubscribe: true,
      headers: { 'list-unsubscribe-post': 'List-Unsubscribe=One-Click' },
    }).expect(400);
    expect(conflict.body.details).toEqual([
      expect.objectContaining({ field: 'headers', code: 'conflicting_content' }),
    ]);
    const flag = await send({
      to: 'a@example.com',
      subject: 's',
      text: 't',
      tracking: { opens: 'yes' },
    }).expect(400);
    expect(flag.body.details).toEqual([expect.objectContaining({ field: 'tracking.opens' })]);
  });

  it("shows a recipient's copy with its links, which record on the message (the walk-through)", async () => {
    const res = await send({
      to: 'ann@example.com',
      bcc: 'audit@example.com',
      subject: 'Tracked',
      html: '<p><a href="https://shop.example.com/x">shop</a></p>',
      tracking: { opens: true, clicks: true },
      unsubscribe: true,
    }).expect(202);
    const id: string = res.body.messageId;
    const record = await delivered(id);
    expect(record.events.filter((event: { type: string }) => event.type === 'delivered')).toEqual([
      expect.objectContaining({ recipient: 'ann@example.com' }),
      expect.objectContaining({ recipient: 'audit@example.com' }),
    ]);
    expect(record.deliveredAt).toBe(record.sentAt);

    const copy = await t.http
      .get(`/api/v1/messages/email/${id}/copy`)
      .query({ recipient: 'AUDIT@example.com' })
      .set('x-api-key', key)
      .expect(200);
    expect(copy.body).toMatchObject({
      messageId: id,
      recipient: 'audit@example.com',
      subject: 'Tracked',
    });
    expect(copy.body.headers['List-Unsubscribe']).toMatch(
      /^<http:\/\/localhost:3000\/api\/v1\/unsubscribe\//,
    );
    const { opens, clicks } = linksIn(copy.body.html, LOCAL);
    expect(opens).toHaveLength(1);
    expect(clicks).toHaveLength(1);
    await t.http.get(pathOf(opens[0] ?? '', LOCAL)).expect(200);
    const redirected = await t.http.get(pathOf(clicks[0] ?? '', LOCAL)).expect(302);
    expect(redirected.headers.location).toBe('https://shop.example.com/x');
    const after = (await t.http.get(`/api/v1/messages/${id}`).set('x-api-key', key).expect(200))
      .body;
    expect(
      after.events.filter((event: { type: string }) => ['opened', 'clicked'].includes(event.type)),
    ).toEqual([
      expect.objectContaining({ type: 'opened', recipient: 'audit@example.com', machine: true }),
      expect.objectContaining({ type: 'clicked', recipient: 'audit@example.com', machine: true }),
    ]);
    expect(after.engagement).toMatchObject({ machineOpens: 1, machineClicks: 1 });

    await t.http
      .get(`/api/v1/messages/email/${id}/copy`)
      .query({ recipient: 'zed@example.com' })
      .set('x-api-key', key)
      .expect(404);
    await t.http
      .get(`/api/v1/messages/email/${id}/copy`)
      .query({ recipient: 'ann@example.com' })
      .set('x-api-key', otherKey)
      .expect(404);
    await t.http
      .get(`/api/v1/messages/email/${id}/copy`)
      .query({ recipient: 'ann@example.com' })
      .set(viewer)
      .expect(200);
  });

  it('shows the timeline on every message and the engagement block on emails only', async () => {
    const sms = await t.http
      .post('/api/v1/messages/sms')
      .set('x-api-key', key)
      .send({ to: '+14155550100', body: 'Hi' })
      .expect(202);
    const record = await delivered(sms.body.messageId);
    expect(record.sentAt).toEqual(expect.any(String));
    expect(record.deliveredAt).toEqual(record.sentAt);
    expect(record).not.toHaveProperty('failedAt');
    expect(record).not.toHaveProperty('engagement');
  });

  it("sums an app's engagement for its keys and for tokens, and nobody else's", async () => {
    const path = `/api/v1/apps/${appId}/engagement`;
    const mine = await t.http.get(path).set('x-api-key', key).expect(200);
    expect(mine.body).toMatchObject({ appId, truncated: false });
    expect(mine.body.totals.sends).toBeGreaterThanOrEqual(4);
    expect(mine.body.totals.opens).toBe(0);
    await t.http.get(path).set(viewer).expect(200);
    await t.http.get(path).set('x-api-key', otherKey).expect(404);
    await t.http.get('/api/v1/apps/app_missing/engagement').set(admin).expect(404);
    const backwards = await t.http
      .get(path)
      .query({ from: '2026-03-14T00:00:00Z', to: '2026-03-13T00:00:00Z' })
      .set('x-api-key', key)
      .expect(400);
    expect(backwards.body.details).toEqual([expect.objectContaining({ code: 'invalid_range' })]);
    await t.http
      .get(path)
      .query({ from: '2025-01-01T00:00:00Z', to: '2026-01-01T00:00:00Z' })
      .set('x-api-key', key)
      .expect(400);
    const empty = await t.http
      .get(path)
      .query({ from: '2020-01-01T00:00:00Z', to: '2020-02-01T00:00:00Z' })
      .set('x-api-key', key)
      .expect(200);
    expect(empty.body).toMatchObject({ days: [], templates: [], totals: { sends: 0 } });
  });
});

describe('email engagement links are rate-limited per client IP', () => {
  it('answers 429 once the budget of the minute is spent', async () => {
    const t = await startApp({}, { RATE_LIMIT_IP_PER_MINUTE: '3' });
    try {
      for (let i = 0; i < 3; i += 1) await t.http.get('/api/v1/track/open/not.a-token').expect(404);
      const limited = await t.http.get('/api/v1/track/open/not.a-token').expect(429);
      expect(limited.headers['retry-after']).toEqual(expect.any(String));
      await t.http.post('/api/v1/unsubscribe/not.a-token').expect(429);
    } finally {
      await t.close();
    }
  });
});

describe('email engagement where the service cannot make links', () => {
  const PROVIDERS = JSON.stringify({ email: [{ id: 'email-box', type: 'sandbox' }] });

  // Production needs ENCRYPTION_KEY to start at all, so only PUBLIC_URL can be missing here.
  it('refuses tracking and unsubscribe in production without PUBLIC_URL', async () => {
    const variable = 'PUBLIC_URL';
    const t = await startApp(
      { mongo: true },
      { NODE_ENV: 'production', PROVIDERS, ...TOKEN_PARTIES, ENCRYPTION_KEY },
    );
    // Production takes only tokens naming its issuer and audience.
    const prodAdmin = bearer(
      token({}, { issuer: TOKEN_PARTIES.JWT_ISSUER, audience: TOKEN_PARTIES.JWT_AUDIENCE }),
    );
    try {
      const { appId, key } = await appWithKey(
        t,
        { name: 'prod', rateLimitPerMinute: 100000 },
        { admin: prodAdmin },
      );
      const refused = await t.http
        .post('/api/v1/messages/email')
        .set('x-api-key', key)
        .send({ to: 'a@example.com', subject: 's', text: 't', tracking: { clicks: true } })
        .expect(400);
      expect(refused.body.details).toEqual([
        expect.objectContaining({
          field: 'tracking',
          code: 'not_configured',
          message: expect.stringContaining(variable),
        }),
      ]);
      await t.http
        .put(`/api/v1/apps/${appId}/engagement-defaults`)
        .set(prodAdmin)
        .send({ ...OFF, unsubscribeTopics: ['newsletter'] })
        .expect(400);
      await t.http
        .post('/api/v1/messages/email')
        .set('x-api-key', key)
        .send({ to: 'a@example.com', subject: 's', text: 't', topic: 'newsletter' })
        .expect(202);
    } finally {
      await t.close();
    }
  });
});
