import mongoose from 'mongoose';
import { KeyUsageRecorder } from '../../src/identity/key-usage.recorder';
import { ProbeController } from '../support/probe.controller';
import {
  adminToken,
  bearer,
  mongoUri,
  startApp,
  token,
  type TestApp,
  uniqueDatabase,
  viewerToken,
} from '../harness/test-app';

describe('apps and API keys (FerretDB + Redis)', () => {
  const database = uniqueDatabase();
  let t: TestApp;
  const admin = bearer(adminToken());

  beforeAll(async () => {
    t = await startApp({ mongo: true, database, redis: true, controllers: [ProbeController] });
  });
  afterAll(async () => {
    await t.close();
  });

  async function createApp(name: string, extra: Record<string, unknown> = {}): Promise<string> {
    const res = await t.http
      .post('/api/v1/apps')
      .set(admin)
      .send({ name, ...extra })
      .expect(201);
    return res.body.id as string;
  }

  async function createKey(
    appId: string,
    body: Record<string, unknown> = {},
  ): Promise<{ id: string; key: string; prefix: string }> {
    const res = await t.http.post(`/api/v1/apps/${appId}/keys`).set(admin).send(body).expect(201);
    return res.body as { id: string; key: string; prefix: string };
  }

  it('creates an app and answers with its id, name, limit and creation time', async () => {
    const res = await t.http
      .post('/api/v1/apps')
      .set(admin)
      .send({ name: 'billing', rateLimitPerMinute: 600 })
      .expect(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^app_[0-9a-f]{24}$/),
      name: 'billing',
      rateLimitPerMinute: 600,
      callbackSecret: expect.stringMatching(/^whsec_[A-Za-z0-9_-]{43}$/),
      createdAt: expect.any(String),
    });
    const { callbackSecret, ...app } = res.body as { callbackSecret: string };
    const fetched = await t.http.get(`/api/v1/apps/${res.body.id}`).set(admin).expect(200);
    expect(fetched.body).toEqual(app);
    const secret = await t.http
      .get(`/api/v1/apps/${res.body.id}/callback-secret`)
      .set(admin)
      .expect(200);
    expect(secret.body).toEqual({ callbackSecret });
    await t.http
      .get(`/api/v1/apps/${res.body.id}/callback-secret`)
      .set(bearer(viewerToken()))
      .expect(403);
  });

  it('shows a key once, stores only its hash, and lists it without the key', async () => {
    const appId = await createApp('shop');
    const created = await createKey(appId, { name: 'prod', scopes: ['messages:send'] });
    expect(created.key).toMatch(/^sb_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    expect(created.key.startsWith(`${created.prefix}_`)).toBe(true);

    const listed = await t.http.get(`/api/v1/apps/${appId}/keys`).set(admin).expect(200);
    expect(listed.body.data).toHaveLength(1);
    expect(listed.body.data[0]).toMatchObject({
      id: created.id,
      prefix: created.prefix,
      name: 'prod',
      scopes: ['messages:send'],
      revokedAt: null,
    });
    expect(JSON.stringify(listed.body)).not.toContain(created.key);

    const connection = await mongoose.createConnection(mongoUri(database)).asPromise();
    try {
      const raw = await connection.collection('api_keys').findOne({ _id: created.id as never });
      expect(raw).not.toBeNull();
      // The secret is what follows `sb_<prefix>_`; base64url may itself hold '_'.
      expect(JSON.stringify(raw)).not.toContain(created.key.split('_').slice(2).join('_'));
      expect(raw?.hash).toMatch(/^[0-9a-f]{64}$/);
    } finally {
      await connection.close();
    }
  });

  it('authenticates a key on /me and refuses it on the very next call after revocation', async () => {
    const appId = await createApp('crm');
    const { id, key } = await createKey(appId);
    const me = await t.http.get('/api/v1/me').set('x-api-key', key).expect(200);
    expect(me.body).toEqual({
      kind: 'apiKey',
      appId,
      appName: 'crm',
      keyId: id,
      scopes: ['messages:send', 'messages:read', 'templates:write', 'broadcast'],
    });
    await t.http.delete(`/api/v1/apps/${appId}/keys/${id}`).set(admin).expect(204);
    const refused = await t.http.get('/api/v1/me').set('x-api-key', key).expect(401);
    expect(refused.body.code).toBe('UNAUTHORIZED');
    const listed = await t.http.get(`/api/v1/apps/${appId}/keys`).set(admin).expect(200);
    expect(listed.body.data[0].revokedAt).toEqual(expect.any(String));
  });

  it('refuses a key whose secret part was altered, and an unknown key', async () => {
    const appId = await createApp('tamper');
    const { key } = await createKey(appId);
    const altered = key.slice(0, -1) + (key.endsWith('A') ? 'B' : 'A');
    await t.http.get('/api/v1/me').set('x-api-key', altered).expect(401);
    await t.http
      .get('/api/v1/me')
      .set('x-api-key', 'sb_000000000000_' + 'x'.repeat(43))
      .expect(401);
    await t.http.get('/api/v1/me').set('x-api-key', 'not-a-key').expect(401);
  });

  it('answers 403 to a key without the route scope and lets a key with it through', async () => {
    const appId = await createApp('scoped');
    const narrow = await createKey(appId, { scopes: ['messages:read'] });
    const wide = await createKey(appId, { scopes: ['broadcast'] });
    const denied = await t.http
      .get('/api/v1/probe/broadcast-scope')
      .set('x-api-key', narrow.key)
      .expect(403);
    expect(denied.body).toEqual({
      code: 'FORBIDDEN',
      message: 'This API key lacks the broadcast scope.',
    });
    await t.http.get('/api/v1/probe/broadcast-scope').set('x-api-key', wide.key).expect(200);
  });

  it('keeps admin routes from keys (401: no token) and viewers (403)', async () => {
    const appId = await createApp('guarded');
    const { key } = await createKey(appId);
    const byKey = await t.http.get('/api/v1/apps').set('x-api-key', key).expect(401);
    expect(byKey.body.code).toBe('UNAUTHORIZED');
    const viewer = bearer(viewerToken());
    await t.http.get('/api/v1/apps').set(viewer).expect(200);
    const byViewer = await t.http.post('/api/v1/apps').set(viewer).send({ name: 'x' }).expect(403);
    expect(byViewer.body.code).toBe('FORBIDDEN');
    await t.http
      .get('/api/v1/apps')
      .set(bearer(token({ roles: [] })))
      .expect(403);
  });

  it('validates bodies: unknown scopes, unknown fields and empty names', async () => {
    const appId = await createApp('validation');
    const badScope = await t.http
      .post(`/api/v1/apps/${appId}/keys`)
      .set(admin)
      .send({ scopes: ['everything'] })
      .expect(400);
    expect(badScope.body.code).toBe('VALIDATION_ERROR');
    expect(badScope.body.details).toEqual([
      expect.objectContaining({ field: 'scopes', code: 'invalid_value' }),
    ]);
    const unknown = await t.http
      .post('/api/v1/apps')
      .set(admin)
      .send({ name: 'a', colour: 'red' })
      .expect(400);
    expect(unknown.body.details).toEqual([
      expect.objectContaining({ field: 'colour', code: 'unknown_field' }),
    ]);
  });

  it('answers 404 for keys of an app that does not exist', async () => {
    const res = await t.http
      .post('/api/v1/apps/app_000000000000000000000000/keys')
      .set(admin)
      .send({})
      .expect(404);
    expect(res.body.code).toBe('NOT_FOUND');
    await t.http
      .delete('/api/v1/apps/app_000000000000000000000000/keys/key_1')
      .set(admin)
      .expect(404);
  });

  it('pages through apps with an opaque cursor', async () => {
    for (const name of ['p1', 'p2', 'p3']) await createApp(name);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const res = await t.http
        .get('/api/v1/apps')
        .query({ limit: 2, ...(cursor ? { cursor } : {}) })
        .set(admin)
        .expect(200);
      expect(res.body.data.length).toBeLessThanOrEqual(2);
      const page = res.body as { data: { id: string }[] };
      seen.push(...page.data.map((app) => app.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBeGreaterThanOrEqual(3);
    const bad = await t.http.get('/api/v1/apps').query({ cursor: '!!' }).set(admin).expect(400);
    expect(bad.body.details[0].code).toBe('invalid_cursor');
  });

  it('records lastUsedAt in a batch, not on every request', async () => {
    const appId = await createApp('usage');
    const { key } = await createKey(appId);
    await t.http.get('/api/v1/me').set('x-api-key', key).expect(200);
    const before = await t.http.get(`/api/v1/apps/${appId}/keys`).set(admin).expect(200);
    expect(before.body.data[0].lastUsedAt).toBeNull();
    await t.app.get(KeyUsageRecorder).flush();
    const after = await t.http.get(`/api/v1/apps/${appId}/keys`).set(admin).expect(200);
    expect(after.body.data[0].lastUsedAt).toEqual(expect.any(String));
  });
});
