import { appWithKey, startApp, type TestApp } from '../harness/test-app';
import { eventually } from '../support/polling';
import { type SeedRequest, seedAnswers, seedRequests, shapeDifferences } from './seed-requests';

/** Seed 004 (the Disposition Gateway): its four requests and four answers, in its order. */
const REQUESTS = seedRequests('004');
const ANSWERS = seedAnswers('004');
const [PUT_SMS, GET_SMS, PUT_EMAIL, GET_EMAIL] = REQUESTS;
const [SMS_CREATED, SMS_STATUS, EMAIL_CREATED, EMAIL_STATUS] = ANSWERS;
/** A small PDF, in place of the seed's elided one (`JVBERi0…9...` is not base64). */
const LABEL_PDF =
  'JVBERi0xLjQKMSAwIG9iago8PCAvVHlwZSAvQ2F0YWxvZyA+PgplbmRvYmoKdHJhaWxlcgo8PCAvUm9vdCAxIDAgUiA+PgolJUVPRgo=';
/** The seed's template, as the app stores it: the variables of its template_data. */
const ORDER_SHIPPED = {
  name: 'order_shipped',
  subject: 'Your order {{order_id}} has shipped',
  html: '<p>Hi {{customer_name}}, {{carrier}} is bringing your order ({{tracking_number}}).</p>',
};

/** The seed's email request with a whole attachment. */
const withWholeLabel = (body: unknown): Record<string, unknown> => {
  const email = body as { attachments: Record<string, unknown>[] };
  return { ...email, attachments: [{ ...email.attachments[0], content: LABEL_PDF }] };
};

describe('the Disposition Gateway dialect (seed 004) on the embedded default', () => {
  let t: TestApp;
  let key: string;

  beforeAll(async () => {
    t = await startApp();
    ({ key } = await appWithKey(t, { name: 'dgapi', rateLimitPerMinute: 100000 }));
    await t.http.post('/api/v1/templates').set('x-api-key', key).send(ORDER_SHIPPED).expect(201);
  });
  afterAll(async () => {
    await t.close();
  });

  /** A seed request as documented, with this app's key for `YOUR_API_TOKEN`. */
  const sent = (request: SeedRequest, change: Partial<SeedRequest> = {}) => {
    const { method, path, headers, body } = { ...request, ...change };
    const call = t.http[method.toLowerCase() as 'get' | 'put' | 'post'](path).set({
      ...headers,
      authorization: `Bearer ${key}`,
    });
    return body === undefined ? call : call.send(body as object);
  };

  it('reads the four documented requests of the seed, and its four answers', () => {
    expect(REQUESTS.map(({ method, path }) => `${method} ${path}`)).toEqual([
      'PUT /sms/campaign_12345',
      'GET /sms/sms_task_abc123def456?include=delivery_log',
      'PUT /email',
      'GET /email/email_task_xyz789ghi012?include=events',
    ]);
    expect(ANSWERS.map((answer) => answer.status)).toEqual([
      'success',
      'success',
      'success',
      'success',
    ]);
  });

  it('creates the SMS task of the example: 201 in the documented shape', async () => {
    const res = await sent(PUT_SMS).expect(201);
    expect(shapeDifferences(res.body, SMS_CREATED)).toEqual([]);
    const body = PUT_SMS.body as { message: string };
    expect(res.body.data).toMatchObject({
      task_id: expect.stringMatching(/^msg_/),
      entity: 'campaign_12345',
      type: 'sms',
      state: 'queued',
      to: '+15551234567',
      from: '+15559876543',
      message_length: body.message.length,
      segments: 1,
      metadata: { appointment_id: 'apt_789', customer_id: 'cust_456' },
    });
  });

  it('answers the same PUT again with the same task, POST too; another body is 422 invalid_entity', async () => {
    const first = await sent(PUT_SMS, { path: '/sms/campaign_again' }).expect(201);
    const again = await sent(PUT_SMS, { path: '/sms/campaign_again' }).expect(201);
    const posted = await sent(PUT_SMS, { method: 'POST', path: '/sms/campaign_again' });
    expect(posted.status).toBe(201);
    expect(again.body.data.task_id).toBe(first.body.data.task_id);
    expect(posted.body.data.task_id).toBe(first.body.data.task_id);
    const other = { ...(PUT_SMS.body as object), message: 'Another text' };
    const res = await sent(PUT_SMS, { path: '/sms/campaign_again', body: other }).expect(422);
    expect(res.body).toEqual({
      status: 'error',
      error: { code: 'invalid_entity', message: expect.any(String) },
    });
  });

  it('reads the SMS task of the example by its id, with the delivery log, as documented', async () => {
    // The example reads the task sms_task_abc123def456: here an entity names it.
    const created = await sent(PUT_SMS, { path: '/sms/sms_task_abc123def456' }).expect(201);
    const res = await eventually(
      () => sent(GET_SMS),
      (read) => read.body?.data?.delivery_status === 'delivered',
      'the SMS delivered',
    );
    expect(res.status).toBe(200);
    expect(shapeDifferences(res.body, SMS_STATUS)).toEqual([]);
    expect(res.body.data).toMatchObject({
      task_id: created.body.data.task_id,
      entity: 'sms_task_abc123def456',
      state: 'completed',
      message: (PUT_SMS.body as { message: string }).message,
    });
    const log = res.body.data.delivery_log as { status: string }[];
    expect(log[0].status).toBe('queued');
    expect(log.at(-1)?.status).toBe('delivered');
  });

  it('reads a task through GET /api/v1/messages/{id} and its own route with the same status', async () => {
    const { task_id: id } = (await sent(PUT_SMS, { path: '/sms/same-status' }).expect(201)).body
      .data as { task_id: string };
    const unified = await eventually(
      async () =>
        (await t.http.get(`/api/v1/messages/${id}`).set('x-api-key', key).expect(200)).body as {
          status: string;
          reference: string;
        },
      (record) => record.status === 'DELIVERED',
      'the message DELIVERED',
    );
    expect(unified.reference).toBe('same-status');
    for (const path of [`/sms/${id}`, '/sms/same-status']) {
      const own = await sent(GET_SMS, { path }).expect(200);
      expect(own.body.data).toMatchObject({ task_id: id, delivery_status: 'delivered' });
    }
  });

  it("answers the email example's elided attachment 422 invalid_attachment", async () => {
    const res = await sent(PUT_EMAIL).expect(422);
    expect(res.body).toEqual({
      status: 'error',
      error: {
        code: 'invalid_attachment',
        message: expect.any(String),
        details: [expect.objectContaining({ field: 'attachments.0.content' })],
      },
    });
  });

  it('creates the email task of the example with a whole attachment: 201 in the documented shape', async () => {
    const res = await sent(PUT_EMAIL, { body: withWholeLabel(PUT_EMAIL.body) }).expect(201);
    expect(shapeDifferences(res.body, EMAIL_CREATED)).toEqual([]);
    expect(res.body.data).toMatchObject({
      type: 'email',
      state: 'queued',
      to: ['customer@example.com'],
      cc: ['manager@company.com'],
      from: 'notifications@company.com',
      subject: 'Your Order #ORD-12345 Has Shipped',
      template: 'order_shipped',
      attachments_count: 1,
      metadata: { order_id: 'ORD-12345', customer_id: 'cust_789' },
    });
  });

  it('reads the email task of the example with its events, recipient by recipient', async () => {
    const body = { ...withWholeLabel(PUT_EMAIL.body), entity: 'email_task_xyz789ghi012' };
    await sent(PUT_EMAIL, { body }).expect(201);
    const res = await eventually(
      () => sent(GET_EMAIL),
      (read) => read.body?.data?.delivery_status === 'delivered',
      'the email delivered',
    );
    expect(shapeDifferences(res.body, EMAIL_STATUS)).toEqual([]);
    const events = res.body.data.events as { event: string; recipient: string | null }[];
    expect(events[0]).toMatchObject({ event: 'queued', recipient: null });
    expect(events.filter((event) => event.event === 'delivered').map((e) => e.recipient)).toEqual([
      'customer@example.com',
      'manager@company.com',
    ]);
    const withContent = await sent(GET_EMAIL, {
      path: '/email/email_task_xyz789ghi012?include=events,content',
    }).expect(200);
    expect(withContent.body.data.content.html).toContain('UPS is bringing your order');
  });

  it.each([
    ['invalid_phone', 400, { to: 'call-me' }],
    ['message_empty', 400, { message: ' ' }],
    ['message_too_long', 400, { message: 'a'.repeat(1601) }],
  ])('answers an SMS with %s: %i', async (code, status, change) => {
    const body = { ...(PUT_SMS.body as object), ...change };
    const res = await sent(PUT_SMS, { path: `/sms/${code}`, body }).expect(status);
    expect(res.body.error.code).toBe(code);
    expect(res.body.status).toBe('error');
  });

  it.each([
    ['invalid_email', 400, { to: ['not-an-address'] }],
    ['missing_recipients', 400, { to: [] }],
    ['missing_subject', 400, { subject: undefined }],
    ['missing_template', 400, { template: undefined }],
    ['template_not_found', 400, { template: 'no_such_template' }],
    ['template_error', 400, { subject: 'Order {{#each}}' }],
    ['invalid_attachment', 422, { attachments: [{ filename: 'a.pdf', content: '%%%' }] }],
  ])('answers an email with %s: %i', async (code, status, change) => {
    const body = { ...withWholeLabel(PUT_EMAIL.body), ...change };
    const res = await sent(PUT_EMAIL, { body }).expect(status);
    expect(res.body.error.code).toBe(code);
  });

  it('answers an entity it cannot take 422 invalid_entity, and an unknown task 404 not_found', async () => {
    const bad = await sent(PUT_SMS, { path: `/sms/${'x'.repeat(129)}` }).expect(422);
    expect(bad.body.error.code).toBe('invalid_entity');
    for (const path of ['/sms/nothing-here', '/email/nothing-here', '/email/msg_0']) {
      const missing = await sent(GET_SMS, { path }).expect(404);
      expect(missing.body).toEqual({
        status: 'error',
        error: { code: 'not_found', message: expect.any(String) },
      });
    }
  });

  it('takes the key as a bearer token or in x-api-key, and answers others 401 unauthorized', async () => {
    await t.http.get('/sms/campaign_12345').set('x-api-key', key).expect(200);
    for (const authorization of [undefined, 'Bearer sb_000000000000_nope', `Basic ${key}`]) {
      const call = t.http.get('/sms/campaign_12345');
      const res = await (authorization ? call.set('authorization', authorization) : call);
      expect(res.status).toBe(401);
      expect(res.body).toEqual({
        status: 'error',
        error: { code: 'unauthorized', message: expect.any(String) },
      });
    }
  });

  it('answers 429 rate_limited with Retry-After once the key is past its budget', async () => {
    const limited = (await appWithKey(t, { name: 'dgapi-limited', rateLimitPerMinute: 1 })).key;
    const read = () => t.http.get('/sms/nothing').set('authorization', `Bearer ${limited}`);
    await read().expect(404);
    const res = await read().expect(429);
    expect(res.body.error.code).toBe('rate_limited');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  });

  it("keeps another app's tasks out of reach", async () => {
    const other = (await appWithKey(t, { name: 'dgapi-other' })).key;
    await t.http.get('/sms/campaign_12345').set('authorization', `Bearer ${other}`).expect(404);
  });
});
