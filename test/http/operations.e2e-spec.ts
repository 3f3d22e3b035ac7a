import { generateVAPIDKeys } from 'web-push';
import { startFerretDb, type RunningServer } from '../harness/servers';
import { adminToken, bearer, startApp, type TestApp } from '../harness/test-app';

describe('operations endpoints (FerretDB + Redis)', () => {
  let t: TestApp;
  const vapid = generateVAPIDKeys();
  const secrets = {
    TWILIO_AUTH_TOKEN: 'twilio-token-value-1234',
    SMTP_URL: 'smtp://user:smtp-password@mail.example.com',
    VAPID_PRIVATE_KEY: vapid.privateKey,
  };

  beforeAll(async () => {
    t = await startApp(
      { mongo: true, redis: true },
      {
        ...secrets,
        TWILIO_ACCOUNT_SID: 'AC0123456789abcdef0123456789abcdef',
        TWILIO_FROM: '+14155550100',
        VAPID_PUBLIC_KEY: vapid.publicKey,
        VAPID_SUBJECT: 'mailto:ops@example.com',
      },
    );
  });
  afterAll(async () => {
    await t.close();
  });

  it('reports database, queue and channels on /health', async () => {
    const res = await t.http.get('/api/v1/health').expect(200);
    expect(res.body).toEqual({
      status: 'ok',
      database: { status: 'up', kind: 'mongodb' },
      queue: { status: 'up', kind: 'redis' },
      channels: expect.objectContaining({
        sms: {
          configured: true,
          providers: [{ id: 'twilio-sms', type: 'twilio', circuit: 'closed' }],
          errors: [],
          totalErrors: 0,
        },
      }),
      totalErrors: 0,
    });
  });

  it('answers liveness and readiness', async () => {
    await t.http.get('/api/v1/health/live').expect(200, { status: 'ok' });
    await t.http.get('/api/v1/health/ready').expect(200, { status: 'ready' });
  });

  it('shows configuration on /status to admins as booleans, never a secret', async () => {
    const res = await t.http.get('/api/v1/status').set(bearer(adminToken())).expect(200);
    expect(res.body).toMatchObject({ store: 'mongodb', queue: 'redis', jwt: { mode: 'HS256' } });
    expect(res.body.providers.twilio.authToken).toBe(true);
    expect(res.body.providers.smtpUrl).toBe(true);
    expect(res.body.providers.vapid).toEqual({ publicKey: true, privateKey: true, subject: true });
    expect(res.body.providers.fcmServiceAccount).toBe(false);
    const text = JSON.stringify(res.body);
    for (const value of [
      ...Object.values(secrets),
      'smtp-password',
      t.settings.jwt.mode === 'HS256' ? t.settings.jwt.secret : '',
    ]) {
      expect(text).not.toContain(value);
    }
    await t.http.get('/api/v1/status').expect(401);
  });

  it('lists version, features and endpoints on /version', async () => {
    const res = await t.http.get('/api/v1/version').expect(200);
    expect(res.body).toMatchObject({
      name: 'switchboard',
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      apiVersion: 'v1',
    });
    expect(res.body.endpoints).toEqual(
      expect.arrayContaining(['GET /api/v1/me', 'POST /api/v1/apps', 'GET /api/v1/health']),
    );
  });

  it('exposes Prometheus request counts and latency by route and status', async () => {
    await t.http.get('/api/v1/me').expect(401);
    const res = await t.http.get('/api/v1/metrics').expect(200);
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.text).toMatch(
      /http_requests_total\{method="GET",route="\/api\/v1\/me",status="401"\} \d+/,
    );
    expect(res.text).toMatch(
      /http_request_duration_seconds_bucket\{le="[\d.]+",method="GET",route="\/api\/v1\/me",status="401"\}/,
    );
  });

  it('serves Swagger UI at /docs and the OpenAPI document at /docs-json', async () => {
    const ui = await t.http.get('/docs').redirects(1).expect(200);
    expect(ui.text).toContain('swagger');
    const json = await t.http.get('/docs-json').expect(200);
    expect(json.body.openapi).toMatch(/^3\./);
    expect(json.body.components.securitySchemes).toEqual({
      'api-key': { type: 'apiKey', in: 'header', name: 'x-api-key' },
      jwt: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
      'api-key-bearer': {
        type: 'http',
        scheme: 'bearer',
        description: 'An app API key as a bearer token, on the dialect routes that take it',
      },
    });
    expect(json.body.paths['/api/v1/me'].get.security).toEqual([{ 'api-key': [] }, { jwt: [] }]);
  });
});

describe('when the database goes away', () => {
  let database: RunningServer;
  let t: TestApp;

  beforeAll(async () => {
    database = await startFerretDb();
    const url = new URL(database.url);
    url.pathname = '/sb_outage';
    t = await startApp({}, { MONGODB_URI: url.toString() });
  });
  afterAll(async () => {
    await t.close();
    await database.stop();
  });

  it('answers 503 on readiness and health, and 503 SERVICE_UNAVAILABLE to requests that need it', async () => {
    const created = await t.http
      .post('/api/v1/apps')
      .set(bearer(adminToken()))
      .send({ name: 'before' })
      .expect(201);
    await t.http.get('/api/v1/health/ready').expect(200);
    await database.stop();

    const ready = await t.http.get('/api/v1/health/ready').expect(503);
    expect(ready.body.code).toBe('SERVICE_UNAVAILABLE');
    const health = await t.http.get('/api/v1/health').expect(503);
    expect(health.body.details[0].database).toEqual({ status: 'down', kind: 'mongodb' });
    const read = await t.http
      .get(`/api/v1/apps/${created.body.id}`)
      .set(bearer(adminToken()))
      .expect(503);
    expect(read.body).toEqual({ code: 'SERVICE_UNAVAILABLE', message: expect.any(String) });
    await t.http.get('/api/v1/health/live').expect(200);
  }, 60_000);
});
