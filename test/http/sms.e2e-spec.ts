import { appWithKey, startApp, type TestApp } from '../harness/test-app';
import { eventually } from '../support/polling';

const SERVICE_SID = 'MG9752274e9e519418a7406176694466fa';

describe('POST /api/v1/messages/sms (embedded default: memory store, sandbox provider)', () => {
  let t: TestApp;
  let key: string;

  beforeAll(async () => {
    t = await startApp();
    key = (await appWithKey(t, { name: 'sms', rateLimitPerMinute: 100000 })).key;
  });
  afterAll(async () => {
    await t.close();
  });

  const send = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    t.http.post('/api/v1/messages/sms').set('x-api-key', key).set(headers).send(body);

  const record = async (id: string) =>
    (await t.http.get(`/api/v1/messages/${id}`).set('x-api-key', key).expect(200)).body;

  const valid = { to: '+14155550100', body: 'hello' };

  describe('refuses bad input with 400 VALIDATION_ERROR and the field code', () => {
    it.each([
      ['to', 'letters', { to: 'call-me-maybe' }, 'invalid_phone'],
      ['to', 'no leading +', { to: '4155550100' }, 'invalid_phone'],
      ['to', 'too short', { to: '+1415555' }, 'invalid_phone'],
      ['to', 'a country code that does not exist', { to: '+999 1234 5678' }, 'invalid_phone'],
      ['to', 'missing', { to: undefined }, 'invalid_phone'],
      ['body', 'missing', { body: undefined }, 'message_empty'],
      ['body', 'empty', { body: '' }, 'message_empty'],
      ['body', 'only whitespace', { body: ' \n\t ' }, 'message_empty'],
      ['body', 'not text', { body: 42 }, 'message_empty'],
      ['body', '1601 characters', { body: 'a'.repeat(1601) }, 'message_too_long'],
      ['body', '800 emoji and one more unit', { body: `${'😀'.repeat(800)}a` }, 'message_too_long'],
      ['from', 'digits without +', { from: '4155550199' }, 'invalid_sender'],
      ['from', 'an invalid number', { from: '+1 555' }, 'invalid_sender'],
      ['from', 'a sender id of 12 characters', { from: 'AcmeShopping' }, 'invalid_sender'],
      ['from', 'a sender id with punctuation', { from: 'Acme-Co' }, 'invalid_sender'],
      ['from', 'not text', { from: 5 }, 'invalid_sender'],
      [
        'messagingServiceSid',
        'too short',
        { messagingServiceSid: 'MG123' },
        'invalid_messaging_service',
      ],
      [
        'messagingServiceSid',
        'another kind of SID',
        { messagingServiceSid: `PN${'a'.repeat(32)}` },
        'invalid_messaging_service',
      ],
      [
        'messagingServiceSid',
        'given with from',
        { from: '+14155550199', messagingServiceSid: SERVICE_SID },
        'parameters_exclusive',
      ],
    ])('%s: %s', async (field, _case, change, code) => {
      const res = await send({ ...valid, ...change }).expect(400);
      expect(res.body).toEqual({
        code: 'VALIDATION_ERROR',
        message: expect.any(String),
        details: [{ field, code, message: expect.any(String) }],
      });
    });
  });

  it('stores and answers the number in E.164', async () => {
    const res = await send({ ...valid, to: '+1 (415) 555-0100' }).expect(202);
    expect(res.body.to).toEqual(['+14155550100']);
    expect((await record(res.body.messageId)).to).toEqual(['+14155550100']);
  });

  it('answers and records segments and encoding of a 161-character GSM-7 text', async () => {
    const body = 'a'.repeat(161);
    const res = await send({ ...valid, body }).expect(202);
    expect(res.body).toEqual({
      messageId: expect.stringMatching(/^msg_/),
      status: 'QUEUED',
      channel: 'sms',
      to: ['+14155550100'],
      createdAt: expect.any(String),
      segments: 2,
      encoding: 'GSM-7',
    });
    expect((await record(res.body.messageId)).content).toEqual({
      body,
      segments: 2,
      encoding: 'GSM-7',
    });
  });

  it('counts emoji text by UCS-2 rules, in the 200 answer of Prefer: wait too', async () => {
    const body = `${'a'.repeat(69)}😀`;
    const res = await send({ ...valid, body }, { Prefer: 'wait=10' }).expect(200);
    expect(res.body).toMatchObject({ status: 'DELIVERED', segments: 2, encoding: 'UCS-2' });
    expect((await record(res.body.messageId)).content).toEqual({
      body,
      segments: 2,
      encoding: 'UCS-2',
    });
  });

  it('accepts a body of exactly 1600 units, emoji included', async () => {
    const gsm = await send({ ...valid, body: 'a'.repeat(1600) }).expect(202);
    expect(gsm.body).toMatchObject({ segments: 11, encoding: 'GSM-7' });
    // 33 emoji fill a part: the 67th unit cannot hold half a surrogate pair.
    const emoji = await send({ ...valid, body: '😀'.repeat(800) }).expect(202);
    expect(emoji.body).toMatchObject({ segments: 25, encoding: 'UCS-2' });
  });

  it('keeps a sender number in E.164 and an alphanumeric sender id as given', async () => {
    const number = await send({ ...valid, from: '+1 (415) 555-0199' }).expect(202);
    expect((await record(number.body.messageId)).content.from).toBe('+14155550199');
    const senderId = await send({ ...valid, from: 'Acme 24' }).expect(202);
    expect((await record(senderId.body.messageId)).content.from).toBe('Acme 24');
  });

  it('keeps a Messaging Service SID and sends through it', async () => {
    const res = await send({ ...valid, messagingServiceSid: SERVICE_SID }).expect(202);
    const message = await eventually(
      () => record(res.body.messageId),
      (m) => m.status === 'DELIVERED',
      'the SMS to be DELIVERED',
    );
    expect(message.content).toEqual({
      body: 'hello',
      messagingServiceSid: SERVICE_SID,
      segments: 1,
      encoding: 'GSM-7',
    });
  });

  it('answers an idempotent replay with the same facts', async () => {
    const headers = { 'Idempotency-Key': 'sms-facts-replay' };
    const first = await send({ ...valid, body: 'naïve ✓' }, headers).expect(202);
    const again = await send({ ...valid, body: 'naïve ✓' }, headers).expect(202);
    expect(again.body).toEqual({ ...first.body, status: again.body.status });
    expect(again.body).toMatchObject({ segments: 1, encoding: 'UCS-2' });
  });
});
