import { ProbeController } from '../support/probe.controller';
import {
  adminToken,
  appWithKey,
  bearer,
  startApp,
  type TestApp,
  viewerToken,
} from '../harness/test-app';

describe('one error shape for every error', () => {
  let t: TestApp;
  const admin = bearer(adminToken());

  beforeAll(async () => {
    t = await startApp({ controllers: [ProbeController] }, { BODY_LIMIT: '2kb' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers malformed JSON with 400 PARSE_ERROR and a request id', async () => {
    const res = await t.http
      .post('/api/v1/apps')
      .set(admin)
      .set('content-type', 'application/json')
      .send('{"name": ')
      .expect(400);
    expect(res.body).toEqual({
      code: 'PARSE_ERROR',
      message: 'The request body is not valid JSON.',
    });
    expect(res.headers['x-request-id']).toEqual(expect.any(String));
  });

  it('answers validation failures with 400 VALIDATION_ERROR and details {field, code, message}', async () => {
    const res = await t.http
      .post('/api/v1/apps')
      .set(admin)
      .send({ name: 42, rateLimitPerMinute: -1 })
      .expect(400);
    expect(res.body.code).toBe('VALIDATION_ERROR');
    expect(res.body.details).toEqual(
      expect.arrayContaining([
        { field: 'name', code: expect.any(String), message: expect.stringContaining('name') },
        { field: 'rateLimitPerMinute', code: 'out_of_range', message: expect.any(String) },
      ]),
    );
  });

  it('answers a body over the limit with 413 PAYLOAD_TOO_LARGE', async () => {
    const res = await t.http
      .post('/api/v1/apps')
      .set(admin)
      .send({ name: 'x'.repeat(4096) })
      .expect(413);
    expect(res.body).toEqual({ code: 'PAYLOAD_TOO_LARGE', message: expect.any(String) });
  });

  it('answers an unknown route with 404 NOT_FOUND', async () => {
    const res = await t.http.get('/api/v1/no-such-thing').expect(404);
    expect(res.body).toEqual({ code: 'NOT_FOUND', message: expect.any(String) });
    expect(res.headers['x-request-id']).toEqual(expect.any(String));
  });

  it('answers missing and invalid credentials with 401 UNAUTHORIZED', async () => {
    const missing = await t.http.get('/api/v1/me').expect(401);
    expect(missing.body).toEqual({ code: 'UNAUTHORIZED', message: expect.any(String) });
    const basic = await t.http
      .get('/api/v1/me')
      .set('Authorization', 'Basic dXNlcjpwYXNz')
      .expect(401);
    expect(basic.body.code).toBe('UNAUTHORIZED');
  });

  it('says which credential to send, by the kinds the route takes', async () => {
    const both = await t.http.get('/api/v1/me').expect(401);
    expect(both.body.message).toBe(
      'Send an API key in x-api-key or a bearer token in Authorization.',
    );
    const tokenOnly = await t.http.get('/api/v1/apps').expect(401);
    expect(tokenOnly.body.message).toBe('Send a bearer token in Authorization.');
    const keyOnly = await t.http.post('/api/v1/comms/sms/send').send({}).expect(401);
    expect(keyOnly.body).toEqual({ detail: 'Send an API key in x-api-key.' });
  });

  it('answers a credential of a kind the route does not take with 401: its own is missing', async () => {
    const { key } = await appWithKey(t, { name: 'wrong-kind' });
    const res = await t.http.get('/api/v1/apps').set('x-api-key', key).expect(401);
    expect(res.body).toEqual({
      code: 'UNAUTHORIZED',
      message: 'This route takes a bearer token in Authorization; an API key does not open it.',
    });
  });

  it('answers a documented path asked with another method with 405 and Allow', async () => {
    const trace = await t.http.trace('/api/v1/health').expect(405);
    expect(trace.headers.allow).toBe('GET, HEAD');
    expect(trace.body).toEqual({
      code: 'METHOD_NOT_ALLOWED',
      message: 'TRACE is not served here: use GET, HEAD.',
    });
    const put = await t.http.put('/api/v1/apps/app_1').set(admin).expect(405);
    expect(put.headers.allow).toBe('GET, HEAD');
    const patch = await t.http.patch('/api/v1/messages/sms').expect(405);
    expect(patch.headers.allow).toBe('GET, HEAD, POST');
    await t.http.get('/api/v1/no-such-thing/1').expect(404);
  });

  it('answers a route the caller may not use with 403 FORBIDDEN', async () => {
    const viewer = await t.http.get('/api/v1/status').set(bearer(viewerToken())).expect(403);
    expect(viewer.body).toEqual({ code: 'FORBIDDEN', message: 'This route needs the admin role.' });
  });

  it('answers an unexpected failure with 500 INTERNAL_ERROR and no internals', async () => {
    const res = await t.http.get('/api/v1/probe/boom').set(admin).expect(500);
    expect(res.body).toEqual({ code: 'INTERNAL_ERROR', message: expect.any(String) });
    const text = JSON.stringify(res.body);
    expect(text).not.toMatch(/hunter2|mongodb:|stack|at .*\.ts/);
    expect(res.headers['x-request-id']).toEqual(expect.any(String));
  });

  it('echoes a caller-supplied request id and replaces an unsafe one', async () => {
    const echoed = await t.http
      .get('/api/v1/health/live')
      .set('x-request-id', 'abc-123')
      .expect(200);
    expect(echoed.headers['x-request-id']).toBe('abc-123');
    const replaced = await t.http
      .get('/api/v1/health/live')
      .set('x-request-id', 'bad id\twith spaces')
      .expect(200);
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
