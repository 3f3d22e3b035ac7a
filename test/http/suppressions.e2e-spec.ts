import {
  adminToken,
  appWithKey,
  bearer,
  startApp,
  type TestApp,
  viewerToken,
} from '../harness/test-app';
import { eventually } from '../support/polling';

const PROVIDERS = JSON.stringify({ email: [{ id: 'email-box', type: 'sandbox' }] });

describe.each([
  ['memory store', false],
  ['FerretDB store', true],
])('suppression lists through the admin API (%s)', (_mode, mongo) => {
  let t: TestApp;
  let appId: string;
  let otherAppId: string;
  let apiKey: string;
  const admin = bearer(adminToken());
  const viewer = bearer(viewerToken());

  beforeAll(async () => {
    t = await startApp({ mongo }, { PROVIDERS });
    ({ appId, key: apiKey } = await appWithKey(t, {
      name: 'suppressing',
      rateLimitPerMinute: 100000,
    }));
    otherAppId = (
      await t.http
        .post('/api/v1/apps')
        .set(admin)
        .send({ name: 'another', rateLimitPerMinute: 100000 })
        .expect(201)
    ).body.id;
  });
  afterAll(async () => {
    await t.close();
  });

  const add = (address: string, detail?: string, app = appId) =>
    t.http
      .post('/api/v1/suppressions')
      .set(admin)
      .send({ appId: app, address, ...(detail === undefined ? {} : { detail }) });
  const list = (query: Record<string, string | number>, auth = admin) =>
    t.http.get('/api/v1/suppressions').query(query).set(auth);

  it('adds an address by hand, lower-cased, once', async () => {
    const res = await add('Manual@Example.com', 'asked not to be mailed').expect(201);
    expect(res.body).toEqual({
      appId,
      address: 'manual@example.com',
      reason: 'manual',
      detail: 'asked not to be mailed',
      messageId: null,
      createdAt: expect.any(String),
    });
    const again = await add('manual@example.com').expect(409);
    expect(again.body.code).toBe('CONFLICT');
  });

  it('checks what it is given', async () => {
    const bad = await add('not-an-address').expect(400);
    expect(bad.body.details).toEqual([
      expect.objectContaining({ field: 'address', code: 'invalid_email' }),
    ]);
    await add('someone@example.com', undefined, 'app_missing').expect(404);
    const noApp = await t.http.get('/api/v1/suppressions').set(admin).expect(400);
    expect(noApp.body.details).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'appId' })]),
    );
    await list({ appId: 'app_missing' }).expect(404);
    const cursor = await list({ appId, cursor: 'made-up' }).expect(400);
    expect(cursor.body.details).toEqual([expect.objectContaining({ code: 'invalid_cursor' })]);
  });

  it("pages an app's list in address order, apart from other apps' lists", async () => {
    for (const address of ['p3@example.com', 'p1@example.com', 'p2@example.com']) {
      await add(address, undefined, otherAppId).expect(201);
    }
    await add('p9@example.com').expect(201);
    const first = await list({ appId: otherAppId, limit: 2 }).expect(200);
    expect(first.body.data.map((entry: { address: string }) => entry.address)).toEqual([
      'p1@example.com',
      'p2@example.com',
    ]);
    expect(first.body.data[0]).toMatchObject({ reason: 'manual', detail: 'added by an admin' });
    const second = await list({
      appId: otherAppId,
      limit: 2,
      cursor: first.body.nextCursor,
    }).expect(200);
    expect(second.body).toEqual({ data: [expect.objectContaining({ address: 'p3@example.com' })] });
  });

  it('lets viewers read, and only admins change', async () => {
    await list({ appId }, viewer).expect(200);
    await t.http.get('/api/v1/suppressions').query({ appId }).expect(401);
    await t.http.get('/api/v1/suppressions').query({ appId }).set('x-api-key', apiKey).expect(401);
    await t.http
      .post('/api/v1/suppressions')
      .set(viewer)
      .send({ appId, address: 'v@example.com' })
      .expect(403);
    await t.http
      .delete('/api/v1/suppressions/manual@example.com')
      .query({ appId })
      .set(viewer)
      .expect(403);
  });

  it('refuses an email to a listed address without a provider call, and sends it once removed', async () => {
    await add('blocked@example.com', 'legal hold').expect(201);
    const send = async (): Promise<{
      status: string;
      attempts: { provider: string; errorMessage?: string }[];
    }> => {
      const res = await t.http
        .post('/api/v1/messages/email')
        .set('x-api-key', apiKey)
        .send({ to: 'blocked@example.com', subject: 'Hi', text: 'Hello' })
        .expect(202);
      return (
        await eventually(
          () => t.http.get(`/api/v1/messages/${res.body.messageId}`).set('x-api-key', apiKey),
          (r) =>
            r.status === 200 && ['DELIVERED', 'UNDELIVERABLE', 'FAILED'].includes(r.body.status),
          'the message to settle',
        )
      ).body;
    };
    const refused = await send();
    expect(refused.status).toBe('UNDELIVERABLE');
    expect(refused.attempts).toEqual([
      expect.objectContaining({
        provider: 'suppression-list',
        errorCategory: 'INVALID_RECIPIENT',
        errorMessage: expect.stringContaining(
          'blocked@example.com (added by an admin: legal hold)',
        ),
      }),
    ]);

    await t.http
      .delete('/api/v1/suppressions/BLOCKED@example.com')
      .query({ appId })
      .set(admin)
      .expect(204);
    await t.http
      .delete('/api/v1/suppressions/blocked@example.com')
      .query({ appId })
      .set(admin)
      .expect(404);
    const sent = await send();
    expect(sent.status).toBe('DELIVERED');
    expect(sent.attempts).toEqual([expect.objectContaining({ provider: 'email-box' })]);
  });

  it('removes only from the app named', async () => {
    await add('shared@example.com').expect(201);
    await add('shared@example.com', undefined, otherAppId).expect(201);
    await t.http
      .delete('/api/v1/suppressions/shared@example.com')
      .query({ appId: otherAppId })
      .set(admin)
      .expect(204);
    const listed = await list({ appId, limit: 100 }).expect(200);
    expect(listed.body.data.map((entry: { address: string }) => entry.address)).toContain(
      'shared@example.com',
    );
  });
});
