import { appWithKey, startApp, type TestApp } from '../harness/test-app';
import { curlExamples, jsonAfter } from './seed-examples';
import { SEED, EXAMPLES, ANSWERS, DETAIL, expectDetail, newKey } from './comms-examples';

describe('the comms dialect (seed 000) on the embedded default', () => {
  let t: TestApp;
  let key: string;

  beforeAll(async () => {
    t = await startApp();
    key = await newKey(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('has every example the seed documents: 2 request bodies, 3 curl and 4 Python requests', () => {
    expect(EXAMPLES.map(({ path }) => path)).toEqual([
      '/api/v1/comms/email/send',
      '/api/v1/comms/call/make',
      '/api/v1/comms/email/send',
      '/api/v1/comms/sms/send',
      '/api/v1/comms/call/make',
      '/api/v1/comms/email/send',
      '/api/v1/comms/sms/send',
      '/api/v1/comms/email/send',
      '/api/v1/comms/sms/send',
    ]);
  });

  it.each(EXAMPLES.map((example) => [example.name, example] as const))(
    'answers the example %s with 200 in the documented shape',
    async (_name, example) => {
      const res = await t.http.post(example.path).set('x-api-key', key).send(example.body);
      expect(res.status).toBe(200);
      expect(res.body).toStrictEqual(ANSWERS[example.path]);
    },
  );

  it('sends an ordinary message: GET /api/v1/messages/{id} shows it delivered', async () => {
    const [sms] = curlExamples(SEED).filter(({ path }) => path.endsWith('/sms/send'));
    const sent = await t.http.post(sms.path).set('x-api-key', key).send(sms.body).expect(200);
    expect(sent.body).toMatchObject({ status: 'sent', to: '+15559876543', segments: 1 });
    const record = await t.http
      .get(`/api/v1/messages/${sent.body.sid as string}`)
      .set('x-api-key', key)
      .expect(200);
    expect(record.body).toMatchObject({
      channel: 'sms',
      to: ['+15559876543'],
      status: 'DELIVERED',
      content: { body: 'Your verification code is 123456' },
    });
  });

  it('keeps the email fields of the full request body under their unified names', async () => {
    const body = jsonAfter(SEED, 'Request Body', 'Send Email');
    const sent = await t.http.post('/api/v1/comms/email/send').set('x-api-key', key).send(body);
    const record = await t.http
      .get(`/api/v1/messages/${sent.body.id as string}`)
      .set('x-api-key', key);
    expect(record.body).toMatchObject({
      to: ['user@example.com'],
      content: {
        subject: 'Welcome to Our Service',
        from: 'custom@yourdomain.com',
        cc: ['cc@example.com'],
        bcc: ['bcc@example.com'],
        replyTo: ['support@example.com'],
        tags: [{ name: 'category', value: 'welcome' }],
      },
    });
  });

  it('answers health with each channel, its provider and errors[], and total_errors', async () => {
    const res = await t.http.get('/api/v1/comms/health').expect(200);
    const channel = { configured: true, provider: 'sandbox', errors: [] };
    expect(res.body).toStrictEqual({
      service: 'communications',
      status: 'healthy',
      channels: { email: channel, sms: channel, voice: channel },
      total_errors: 0,
    });
  });

  it('answers status with which settings each channel has, to API keys', async () => {
    expectDetail(await t.http.get('/api/v1/comms/status'), 401);
    const res = await t.http.get('/api/v1/comms/status').set('x-api-key', key).expect(200);
    expect(res.body).toStrictEqual({
      email: {
        configured: true,
        api_key_set: false,
        from_email_set: false,
        from_email: null,
      },
      sms: {
        configured: true,
        account_sid_set: false,
        auth_token_set: false,
        phone_number_set: false,
        phone_number: null,
      },
      voice: {
        configured: true,
        account_sid_set: false,
        auth_token_set: false,
        phone_number_set: false,
      },
    });
  });

  it('answers version with features, providers and endpoints', async () => {
    const res = await t.http.get('/api/v1/comms/version').expect(200);
    expect(res.body).toStrictEqual({
      service: 'communications',
      version: expect.any(String),
      features: ['email_send', 'sms_send', 'voice_call', 'webhook_handlers'],
      providers: { email: 'sandbox', sms: 'sandbox', voice: 'sandbox' },
      endpoints: expect.arrayContaining([
        'POST /comms/email/send',
        'POST /comms/sms/send',
        'POST /comms/call/make',
        'GET /comms/health',
        'GET /comms/status',
      ]),
    });
  });

  describe('400 Bad Request, as {detail}', () => {
    const refused = async (path: string, body: Record<string, unknown>, says: RegExp) => {
      const res = await t.http.post(path).set('x-api-key', key).send(body).expect(400);
      expect(res.body).toStrictEqual(DETAIL);
      expect(res.body.detail).toMatch(says);
    };

    it('a missing field', () =>
      refused('/api/v1/comms/email/send', { to: ['user@example.com'], text: 'Hi' }, /subject/));
    it('an invalid email', () =>
      refused('/api/v1/comms/email/send', { to: ['nobody'], subject: 'Hi', text: 'Hi' }, /to/));
    it('an invalid sender, named as sent', () =>
      refused(
        '/api/v1/comms/email/send',
        { to: ['user@example.com'], subject: 'Hi', text: 'Hi', from_email: 'nobody' },
        /^from_email/,
      ));
    it('an invalid phone number', () =>
      refused('/api/v1/comms/sms/send', { to: '12', body: 'Hi' }, /to/));
    it('a message too long', () =>
      refused('/api/v1/comms/sms/send', { to: '+15559876543', body: 'x'.repeat(1601) }, /1600/));
    it('an invalid URL', () =>
      refused(
        '/api/v1/comms/call/make',
        { to: '+15559876543', twiml_url: 'greeting.xml' },
        /^twiml_url/,
      ));
    it('a field the service does not take', () =>
      refused('/api/v1/comms/sms/send', { to: '+15559876543', body: 'Hi', media: 'x' }, /media/));
  });

  it('refuses a request without an API key or with a wrong one (401)', async () => {
    const body = { to: '+15559876543', body: 'Hi' };
    expectDetail(await t.http.post('/api/v1/comms/sms/send').send(body), 401);
    const wrong = await t.http
      .post('/api/v1/comms/sms/send')
      .set('x-api-key', 'sb_000000000000_nope')
      .send(body);
    expectDetail(wrong, 401);
  });

  it('refuses a key without messages:send (403)', async () => {
    const reader = await appWithKey(t, { name: 'reader' }, { scopes: ['messages:read'] });
    const res = await t.http
      .post('/api/v1/comms/sms/send')
      .set('x-api-key', reader.key)
      .send({ to: '+15559876543', body: 'Hi' });
    expectDetail(res, 403);
  });
});
