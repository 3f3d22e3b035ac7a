import { appWithKey, startApp, type TestApp } from '../harness/test-app';
import { eventually } from '../support/polling';
import { type SeedRequest, seedAnswers, seedRequests, shapeDifferences } from './seed-requests';

/** Seed 001 (the comms API): its requests and the answers it shows, in the order it shows them. */
const REQUESTS = seedRequests('001');
const ANSWERS = seedAnswers('001');
const [QUICK_START, GET_BY_KEY, SEND_EMAIL, GET_MESSAGE, LIST] = REQUESTS;
const [ACCEPTED, MISSING_KEY, , RECORD, PAGE, VALIDATION, RATE_LIMITED] = ANSWERS;
/** The seed's id, which names no message here: ours are `msg_…`. */
const SEED_MESSAGE_ID = '5f1d8c2e-9b3a-4c7e-8f1a-2d6b9e0c4a71';

describe('the comms API dialect (seed 001) on the embedded default', () => {
  let t: TestApp;
  let key: string;

  beforeAll(async () => {
    t = await startApp();
    key = (await appWithKey(t, { name: 'comms', rateLimitPerMinute: 100000 })).key;
  });
  afterAll(async () => {
    await t.close();
  });

  /** A seed request as documented, with this app's key for `$COMMS_KEY`. */
  const sent = (request: SeedRequest, apiKey = key) => {
    const headers = { ...request.headers, 'x-api-key': apiKey };
    const call = t.http[request.method.toLowerCase() as 'get' | 'post'](request.path).set(headers);
    return request.body === undefined ? call : call.send(request.body as object);
  };

  it('reads the five documented requests of the seed, and its seven answers', () => {
    expect(REQUESTS.map(({ method, path }) => `${method} ${path.split('?')[0]}`)).toEqual([
      'POST /v1/messages/email',
      `GET /v1/messages/${SEED_MESSAGE_ID}`,
      'POST /v1/messages/email',
      `GET /v1/messages/${SEED_MESSAGE_ID}`,
      'GET /v1/messages',
    ]);
    expect(ANSWERS).toHaveLength(7);
    expect(RECORD.attempts).toHaveLength(2);
    expect(RATE_LIMITED.code).toBe('RATE_LIMITED');
  });

  it.each([
    ['quick start', QUICK_START],
    ['email with a sender name and metadata', SEND_EMAIL],
  ])('accepts the %s example with 202 {messageId, status: "accepted"}', async (_name, request) => {
    const res = await sent(request).expect(202);
    expect(shapeDifferences(res.body, ACCEPTED)).toEqual([]);
    expect(res.body).toEqual({ messageId: expect.stringMatching(/^msg_/), status: 'accepted' });
  });

  it.each([
    ['authentication', GET_BY_KEY],
    ['retrieve', GET_MESSAGE],
  ])(
    "answers the %s example's id, which is no message of this app, 404 NOT_FOUND",
    async (_name, request) => {
      const res = await sent(request).expect(404);
      expect(res.body).toEqual({ code: 'NOT_FOUND', message: expect.any(String) });
    },
  );

  it('answers a request without x-api-key 401 UNAUTHORIZED, in the documented shape', async () => {
    const res = await t.http.get(GET_BY_KEY.path).expect(401);
    expect(shapeDifferences(res.body, MISSING_KEY)).toEqual([]);
    expect(res.body.code).toBe('UNAUTHORIZED');
  });

  it('reads a message back in the documented shape, with the status of the unified record', async () => {
    const { messageId } = (await sent(SEND_EMAIL).expect(202)).body as { messageId: string };
    const unified = await eventually(
      async () =>
        (await t.http.get(`/api/v1/messages/${messageId}`).set('x-api-key', key).expect(200))
          .body as { status: string; to: string[] },
      (record) => record.status === 'DELIVERED',
      'the unified record DELIVERED',
    );
    expect(unified.to).toEqual(['alex@startup.io']);
    const res = await sent({ ...GET_MESSAGE, path: `/v1/messages/${messageId}` }).expect(200);
    expect(shapeDifferences(res.body, RECORD, ['attempts.errorCategory'])).toEqual([]);
    expect(res.body).toMatchObject({
      messageId,
      channel: 'EMAIL',
      status: 'DELIVERED',
      destination: { to: ['alex@startup.io'] },
      content: { type: 'raw', subject: 'Receipt #2891', body: 'Thanks for your payment.' },
      metadata: { order: '2891', userId: 'u_3v7' },
      attempts: [{ provider: expect.any(String), status: 'DELIVERED' }],
    });
  });

  it('lists with the documented filters in the documented page shape, and walks its cursor', async () => {
    const filtered = await sent(LIST).expect(200);
    expect(shapeDifferences(filtered.body, { items: [] })).toEqual([]);
    expect(filtered.body.items).toEqual([]);

    for (let index = 0; index < 3; index += 1) await sent(QUICK_START).expect(202);
    const first = await sent({ ...LIST, path: '/v1/messages?channel=EMAIL&limit=2' }).expect(200);
    expect(first.body.items).toHaveLength(2);
    expect(shapeDifferences(first.body, PAGE, ['items.attempts'])).toEqual([]);
    expect(typeof first.body.cursor).toBe('string');
    const seen = new Set<string>();
    let cursor: string | undefined = first.body.cursor as string;
    for (const item of first.body.items as { messageId: string }[]) seen.add(item.messageId);
    while (cursor) {
      const page = await sent({
        ...LIST,
        path: `/v1/messages?limit=2&cursor=${encodeURIComponent(cursor)}`,
      }).expect(200);
      for (const item of page.body.items as { messageId: string }[]) seen.add(item.messageId);
      cursor = page.body.cursor as string | undefined;
    }
    expect(seen.size).toBeGreaterThanOrEqual(5);
  });

  it('answers a body that fails its schema 400 VALIDATION_ERROR naming the envelope field', async () => {
    const body = { ...(QUICK_START.body as object), destination: { to: ['not-an-address'] } };
    const res = await sent({ ...QUICK_START, body }).expect(400);
    expect(shapeDifferences(res.body, VALIDATION)).toEqual([]);
    expect(res.body).toEqual({
      code: 'VALIDATION_ERROR',
      message: expect.any(String),
      details: [{ field: 'destination.to', code: 'invalid_email', message: expect.any(String) }],
    });
    const missing = await sent({ ...QUICK_START, body: { sender: {}, destination: {} } });
    expect(missing.status).toBe(400);
    expect(missing.body.details).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'content' })]),
    );
  });

  it('answers a body that is not JSON 400 PARSE_ERROR', async () => {
    const res = await t.http
      .post('/v1/messages/email')
      .set('x-api-key', key)
      .set('content-type', 'application/json')
      .send('{"sender":')
      .expect(400);
    expect(res.body).toEqual({ code: 'PARSE_ERROR', message: expect.any(String) });
  });

  it('answers 429 RATE_LIMITED with Retry-After and retryAfter, as documented', async () => {
    const limited = (await appWithKey(t, { name: 'comms-limited', rateLimitPerMinute: 2 })).key;
    await sent(GET_BY_KEY, limited).expect(404);
    await sent(GET_BY_KEY, limited).expect(404);
    const res = await sent(GET_BY_KEY, limited).expect(429);
    expect(shapeDifferences(res.body, RATE_LIMITED)).toEqual([]);
    expect(Number(res.headers['retry-after'])).toBe(res.body.retryAfter);
  });

  it("keeps another app's message out of reach: 404, as if it did not exist", async () => {
    const other = (await appWithKey(t, { name: 'comms-other' })).key;
    const { messageId } = (await sent(QUICK_START).expect(202)).body as { messageId: string };
    await sent({ ...GET_MESSAGE, path: `/v1/messages/${messageId}` }, other).expect(404);
    const page = await sent({ ...LIST, path: '/v1/messages' }, other).expect(200);
    expect(page.body.items).toEqual([]);
  });

  it('sends an SMS in the same envelope, read back with its status', async () => {
    const res = await t.http
      .post('/v1/messages/sms')
      .set('x-api-key', key)
      .send({
        sender: { fromAddress: '+15559876543' },
        destination: { to: ['+15551234567'] },
        content: { type: 'raw', body: 'Your code is 123456.' },
      })
      .expect(202);
    const { messageId } = res.body as { messageId: string };
    const record = await eventually(
      async () =>
        (await sent({ ...GET_MESSAGE, path: `/v1/messages/${messageId}` }).expect(200)).body as {
          status: string;
        },
      (read) => read.status === 'DELIVERED',
      'the SMS DELIVERED',
    );
    const unified = await t.http.get(`/api/v1/messages/${messageId}`).set('x-api-key', key);
    expect(unified.body).toMatchObject({ channel: 'sms', status: 'DELIVERED' });
    expect(record).toMatchObject({
      channel: 'SMS',
      destination: { to: ['+15551234567'] },
      content: { type: 'raw', body: 'Your code is 123456.' },
    });
    const two = await t.http
      .post('/v1/messages/sms')
      .set('x-api-key', key)
      .send({
        sender: {},
        destination: { to: ['+15551234567', '+15551234568'] },
        content: { type: 'raw', body: 'x' },
      })
      .expect(400);
    expect(two.body.details[0]).toMatchObject({ field: 'destination.to' });
  });

  it('tags its answers with the request id and holds bodies to the body limit', async () => {
    const res = await sent(GET_BY_KEY).set('x-request-id', 'ndc-trace-1').expect(404);
    expect(res.headers['x-request-id']).toBe('ndc-trace-1');
    const huge = { ...(QUICK_START.body as object), metadata: { note: 'x'.repeat(2_000_000) } };
    const tooLarge = await t.http
      .post('/v1/messages/sms')
      .set('x-api-key', key)
      .send(huge)
      .expect(413);
    expect(tooLarge.body.code).toBe('PAYLOAD_TOO_LARGE');
    const anonymous = await t.http.post('/v1/messages/sms').send(huge).expect(401);
    expect(anonymous.body.code).toBe('UNAUTHORIZED');
  });

  it('replays an Idempotency-Key with the same messageId', async () => {
    const headers = { 'idempotency-key': 'ndc-once' };
    const first = await sent({ ...QUICK_START, headers: { ...QUICK_START.headers, ...headers } });
    const again = await sent({ ...QUICK_START, headers: { ...QUICK_START.headers, ...headers } });
    expect(first.status).toBe(202);
    expect(again.status).toBe(202);
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
  });
});
