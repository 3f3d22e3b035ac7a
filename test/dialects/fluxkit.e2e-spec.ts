import { DevelopmentAccess } from '../../src/development-access';
import { DefaultApp } from '../../src/identity/default-app';
import { adminToken, bearer, startApp, type TestApp, token } from '../harness/test-app';
import { curlExamples, type SeedExample, seedText } from './seed-examples';

/** Seed 002, the FluxKit messaging API: `/messaging/...` outside /api/v1, with tokens. */
const SEED = seedText('002');
const EXAMPLES = curlExamples(SEED);
const SENDS = EXAMPLES.filter(({ method }) => method === 'POST');

const sender = bearer(token({ roles: ['sender'] }, { subject: 'fluxkit-sender' }));
const viewer = bearer(token({ roles: ['viewer'] }, { subject: 'fluxkit-viewer' }));
const admin = bearer(adminToken());

/** The documented answer of a send: `to` as given, `template` on the template route. */
const sentAnswer = (example: SeedExample): Record<string, unknown> => {
  const channel = example.path.split('/')[2];
  return {
    messageId: expect.any(String),
    status: 'sent',
    channel,
    to: example.body?.to,
    ...(example.path.endsWith('/template') ? { template: example.body?.template } : {}),
  };
};

/** An error answer of the API: its status, code and the `{error: {code, message, details}}` shape. */
const expectError = (res: { status: number; body: unknown }, status: number, code: string) => {
  expect([res.status, res.body]).toEqual([
    status,
    { error: { code, message: expect.any(String), details: expect.any(Object) } },
  ]);
};

/** The embedded default as it starts: its development app is the default app of tokens. */
async function embeddedDefault(env: Record<string, string> = {}): Promise<TestApp> {
  const t = await startApp({ scripted: true }, env);
  await t.app.get(DevelopmentAccess).announce('http://localhost:3000');
  return t;
}

/** The seed's template example names `welcome`: the default app has one. */
async function withWelcomeTemplate(t: TestApp): Promise<void> {
  await t.http
    .post('/api/v1/templates')
    .set(admin)
    .send({
      appId: t.app.get(DefaultApp).id(),
      name: 'welcome',
      subject: 'Welcome to {{appName}}',
      html: '<p>Hi {{name}}, welcome to {{appName}}.</p>',
    })
    .expect(201);
}

describe('the fluxkit dialect (seed 002) on the embedded default', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await embeddedDefault();
    await withWelcomeTemplate(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('has every example the seed documents: 4 sends, logs and health', () => {
    expect(EXAMPLES.map(({ method, path }) => `${method} ${path}`)).toEqual([
      'POST /messaging/email',
      'POST /messaging/email/template',
      'POST /messaging/sms',
      'POST /messaging/whatsapp',
      'GET /messaging/logs?channel=email&limit=20',
      'GET /messaging/health',
    ]);
  });

  it.each(SENDS.map((example) => [example.name, example] as const))(
    'answers the example %s with 200 in the documented shape',
    async (_name, example) => {
      const res = await t.http.post(example.path).set(sender).send(example.body);
      expect([res.status, res.body]).toStrictEqual([200, sentAnswer(example)]);
      expect(res.headers['x-request-id']).toEqual(expect.any(String));
      expect(res.headers['ratelimit-limit']).toEqual(expect.any(String));
    },
  );

  it('answers the logs example with the page of email logs in the documented shape', async () => {
    const [logs] = EXAMPLES.filter(({ path }) => path.startsWith('/messaging/logs'));
    const res = await t.http.get(logs.path).set(viewer).expect(200);
    expect(res.body).toStrictEqual({
      logs: expect.any(Array),
      total: 2,
      limit: 20,
      offset: 0,
    });
    expect(res.body.logs).toStrictEqual([
      {
        _id: expect.any(String),
        channel: 'email',
        to: 'user@example.com',
        subject: 'Welcome to My App',
        status: 'delivered',
        messageId: expect.any(String),
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      },
      expect.objectContaining({ subject: 'Hello from FluxKit', status: 'delivered' }),
    ]);
  });

  it('answers the health example with each provider connected', async () => {
    const [health] = EXAMPLES.filter(({ path }) => path === '/messaging/health');
    const res = await t.http.get(health.path).expect(200);
    const connected = { provider: 'sandbox', status: 'connected' };
    expect(res.body).toStrictEqual({
      status: 'healthy',
      providers: { email: connected, sms: connected, whatsapp: connected },
    });
  });

  it('sends an ordinary message, with the same status in its logs and in /api/v1/messages', async () => {
    const [sms] = SENDS.filter(({ path }) => path === '/messaging/sms');
    const sent = await t.http.post(sms.path).set(sender).send(sms.body).expect(200);
    const id = sent.body.messageId as string;
    const record = await t.http.get(`/api/v1/messages/${id}`).set(admin).expect(200);
    expect(record.body).toMatchObject({ messageId: id, channel: 'sms', to: ['+1234567890'] });
    const logs = await t.http.get('/messaging/logs?channel=sms&limit=1').set(viewer).expect(200);
    expect(logs.body.logs).toMatchObject([
      { messageId: id, to: '+1234567890', status: record.body.status.toLowerCase() },
    ]);
    expect(record.body.status).toBe('DELIVERED');
  });

  it('pages logs with limit and offset, filters by status and recipient', async () => {
    const all = await t.http.get('/messaging/logs?limit=100').set(viewer).expect(200);
    const second = await t.http.get('/messaging/logs?limit=1&offset=1').set(viewer).expect(200);
    expect(second.body).toMatchObject({ total: all.body.total, limit: 1, offset: 1 });
    expect(second.body.logs).toEqual([all.body.logs[1]]);
    const failed = await t.http.get('/messaging/logs?status=failed').set(viewer).expect(200);
    expect(failed.body).toMatchObject({ logs: [], total: 0 });
    const to = await t.http.get('/messaging/logs?to=user@example.com').set(viewer).expect(200);
    expect(to.body.total).toBe(2);
  });

  it('is VALIDATION_ERROR 400 for an invalid body or filter, naming its fields', async () => {
    const missing = await t.http
      .post('/messaging/email')
      .set(sender)
      .send({ to: 'user@example.com' });
    expectError(missing, 400, 'VALIDATION_ERROR');
    expect(JSON.stringify(missing.body.error.details)).toContain('subject');
    const number = await t.http.post('/messaging/sms').set(sender).send({ to: '12', body: 'x' });
    expectError(number, 400, 'VALIDATION_ERROR');
    expectError(
      await t.http.get('/messaging/logs?limit=1000').set(viewer),
      400,
      'VALIDATION_ERROR',
    );
  });

  it('is UNAUTHORIZED 401 without a token, and 403 for a token of another role', async () => {
    const [email] = SENDS;
    expectError(await t.http.post(email.path).send(email.body), 401, 'UNAUTHORIZED');
    expectError(await t.http.get('/messaging/logs'), 401, 'UNAUTHORIZED');
    expectError(await t.http.post(email.path).set(viewer).send(email.body), 403, 'FORBIDDEN');
    expectError(await t.http.get('/messaging/logs').set(sender), 403, 'FORBIDDEN');
  });

  it('reads bodies within BODY_LIMIT outside /api/v1 too: a larger one is 413', async () => {
    const body = { to: 'user@example.com', subject: 'Big', body: 'x'.repeat(1_100_000) };
    expectError(
      await t.http.post('/messaging/email').set(sender).send(body),
      413,
      'PAYLOAD_TOO_LARGE',
    );
  });

  it('does not serve its routes under /api/v1, nor the unified routes outside it', async () => {
    await t.http.get('/api/v1/messaging/health').expect(404);
    await t.http.get('/messaging/nothing').expect(404);
    await t.http.get('/health').expect(404);
  });
});

describe('the fluxkit dialect with a failing email provider and no WhatsApp provider', () => {
  let t: TestApp;

  beforeAll(async () => {
    const providers = {
      email: [{ id: 'refusing', type: 'scripted', fail: 'INVALID_RECIPIENT' }],
      sms: [{ id: 'sms', type: 'sandbox' }],
    };
    t = await embeddedDefault({ PROVIDERS: JSON.stringify(providers), RATE_LIMIT_PER_MINUTE: '8' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('is SEND_FAILED 500 when the provider refuses the email', async () => {
    const [email] = SENDS;
    const res = await t.http.post(email.path).set(sender).send(email.body);
    expectError(res, 500, 'SEND_FAILED');
    expect(res.body.error.details).toEqual({ messageId: expect.any(String), provider: 'refusing' });
  });

  it('is PROVIDER_NOT_CONFIGURED 400 for WhatsApp', async () => {
    const [whatsapp] = SENDS.filter(({ path }) => path === '/messaging/whatsapp');
    const res = await t.http.post(whatsapp.path).set(sender).send(whatsapp.body);
    expectError(res, 400, 'PROVIDER_NOT_CONFIGURED');
  });

  it('reports the unconfigured channel in health', async () => {
    const res = await t.http.get('/messaging/health').expect(200);
    expect(res.body.providers.whatsapp).toEqual({ provider: null, status: 'not_configured' });
  });

  it('is RATE_LIMITED 429 once the minute budget of the token is spent', async () => {
    const limited = bearer(token({ roles: ['sender'] }, { subject: 'fluxkit-limited' }));
    const [sms] = SENDS.filter(({ path }) => path === '/messaging/sms');
    const statuses: number[] = [];
    for (let sent = 0; sent < 9; sent += 1) {
      statuses.push((await t.http.post(sms.path).set(limited).send(sms.body)).status);
    }
    expect(statuses).toEqual([...Array<number>(8).fill(200), 429]);
    const res = await t.http.post(sms.path).set(limited).send(sms.body);
    expectError(res, 429, 'RATE_LIMITED');
    expect(res.headers['retry-after']).toEqual(expect.any(String));
  });
});
