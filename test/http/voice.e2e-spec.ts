import { adminToken, appWithKey, bearer, startApp, type TestApp } from '../harness/test-app';
import { eventually } from '../support/polling';

/** The distinct `field: code` pairs of a validation error's details. */
const problems = (details: { field: string; code: string }[]): string[] => [
  ...new Set(details.map(({ field, code }) => `${field}: ${code}`)),
];

describe('POST /api/v1/messages/voice (embedded default: memory store, sandbox provider)', () => {
  let t: TestApp;
  let key: string;

  beforeAll(async () => {
    t = await startApp();
    const app = await appWithKey(t, { name: 'voice', rateLimitPerMinute: 100000 });
    key = app.key;
    // Twilio is to fetch instructions from this host: the app must be allowed it.
    await t.http
      .put(`/api/v1/apps/${app.appId}/twiml-policy`)
      .set(bearer(adminToken()))
      .send({ allow: [], dialPrefixes: [], urlHosts: ['example.com'] })
      .expect(200);
  });
  afterAll(async () => {
    await t.close();
  });

  const send = (body: Record<string, unknown>) =>
    t.http.post('/api/v1/messages/voice').set('x-api-key', key).send(body);

  const record = async (id: string) =>
    (await t.http.get(`/api/v1/messages/${id}`).set('x-api-key', key).expect(200)).body;

  const to = '+14155550100';
  const say = { to, say: { text: 'Your order has shipped.' } };

  describe('refuses bad input with 400 VALIDATION_ERROR and the field code', () => {
    it.each([
      ['to', 'not a number', { ...say, to: 'call-me' }, 'invalid_phone'],
      ['to', 'missing', { say: say.say }, 'invalid_phone'],
      ['from', 'without +', { ...say, from: '4155550199' }, 'invalid_phone'],
      ['twiml', 'no instructions at all', { to }, 'message_empty'],
      [
        'twiml',
        'twimlUrl and twiml',
        { to, twimlUrl: 'https://example.com/t.xml', twiml: '<Response/>' },
        'conflicting_content',
      ],
      ['say', 'twiml and say', { ...say, twiml: '<Response/>' }, 'conflicting_content'],
      [
        'say',
        'twimlUrl and say',
        { ...say, twimlUrl: 'https://example.com/t.xml' },
        'conflicting_content',
      ],
      ['twiml', 'not XML', { to, twiml: 'Hello there' }, 'invalid_twiml'],
      ['twiml', 'unclosed element', { to, twiml: '<Response><Say>Hi</Response>' }, 'invalid_twiml'],
      ['twiml', 'another root', { to, twiml: '<Say>Hi</Say>' }, 'invalid_twiml'],
      ['twiml', 'two roots', { to, twiml: '<Response/><Response/>' }, 'invalid_twiml'],
      [
        'twiml',
        'over 4,000 characters',
        { to, twiml: `<Response><Say>${'a'.repeat(3969)}</Say></Response>` },
        'invalid_twiml',
      ],
      ['twiml', 'not text', { to, twiml: 42 }, 'invalid_twiml'],
      ['twiml', 'null', { to, twiml: null }, 'invalid_twiml'],
      ['twimlUrl', 'not a URL', { to, twimlUrl: 'twiml please' }, 'invalid_url'],
      ['twimlUrl', 'ftp', { to, twimlUrl: 'ftp://example.com/t.xml' }, 'invalid_url'],
      ['twimlUrl', 'loopback', { to, twimlUrl: 'http://127.0.0.1:8080/t.xml' }, 'invalid_url'],
      ['twimlUrl', 'private', { to, twimlUrl: 'https://10.0.0.7/t.xml' }, 'invalid_url'],
      ['twimlUrl', 'localhost', { to, twimlUrl: 'http://localhost/t.xml' }, 'invalid_url'],
      ['twimlUrl', 'not text', { to, twimlUrl: 7 }, 'invalid_url'],
      ['say', 'not an object', { to, say: 'hello' }, 'invalid_type'],
      ['say', 'a list', { to, say: [{ text: 'hi' }] }, 'invalid_type'],
      ['say.text', 'missing', { to, say: {} }, 'message_empty'],
      ['say.text', 'empty', { to, say: { text: '' } }, 'message_empty'],
      ['say.text', 'only whitespace', { to, say: { text: ' \n ' } }, 'message_empty'],
      ['say.text', '4,001 characters', { to, say: { text: 'a'.repeat(4001) } }, 'message_too_long'],
      [
        'say.text',
        'over 4,000 characters of TwiML once escaped',
        { to, say: { text: '&'.repeat(1000) } },
        'message_too_long',
      ],
      ['say.voice', 'not a voice name', { to, say: { text: 'hi', voice: 'a b' } }, 'invalid_voice'],
      [
        'say.language',
        'not a language tag',
        { to, say: { text: 'hi', language: 'english please' } },
        'invalid_language',
      ],
      ['say.unknown', 'an unknown field', { to, say: { text: 'hi', unknown: 1 } }, 'unknown_field'],
      ['timeout', 'below 5', { ...say, timeout: 4 }, 'out_of_range'],
      ['timeout', 'above 600', { ...say, timeout: 601 }, 'out_of_range'],
      ['timeout', 'a fraction', { ...say, timeout: 30.5 }, 'invalid_type'],
      ['machineDetection', 'unknown mode', { ...say, machineDetection: 'Yes' }, 'invalid_value'],
    ])('%s: %s', async (field, _case, body, code) => {
      const res = await send(body).expect(400);
      expect(res.body).toEqual({
        code: 'VALIDATION_ERROR',
        message: expect.any(String),
        details: expect.arrayContaining([{ field, code, message: expect.any(String) }]),
      });
      // A value of the wrong type may break more than one rule, but never another field's.
      expect(problems(res.body.details)).toEqual([`${field}: ${code}`]);
    });
  });

  it('turns say into TwiML with the text and attributes XML-escaped, and rings 30 s by default', async () => {
    const res = await send({
      to: '+1 (415) 555-0100',
      say: { text: `Tom & "Jerry" <3 'em`, voice: 'Polly.Joanna', language: 'en-US' },
    }).expect(202);
    expect(res.body).toEqual({
      messageId: expect.stringMatching(/^msg_/),
      status: 'QUEUED',
      channel: 'voice',
      to: ['+14155550100'],
      createdAt: expect.any(String),
    });
    expect(res.headers.location).toBe(`/api/v1/messages/${res.body.messageId}`);
    const message = await record(res.body.messageId);
    expect(message.content).toEqual({
      twiml:
        '<Response><Say voice="Polly.Joanna" language="en-US">Tom &amp; &quot;Jerry&quot; &lt;3 &apos;em</Say></Response>',
      timeout: 30,
    });
  });

  it('takes null voice and language as absent', async () => {
    const res = await send({ to, say: { text: 'Hi', voice: null, language: null } }).expect(202);
    const message = await record(res.body.messageId);
    expect(message.content.twiml).toBe('<Response><Say>Hi</Say></Response>');
  });

  it('takes TwiML that is exactly 4,000 characters once escaped', async () => {
    const frame = '<Response><Say></Say></Response>'.length;
    const text = `${'a'.repeat(4000 - frame - 5)}&`;
    const res = await send({ to, say: { text } }).expect(202);
    const message = await record(res.body.messageId);
    expect(message.content.twiml).toHaveLength(4000);
  });

  it('stores inline TwiML as given, with from, timeout and answering-machine detection', async () => {
    const twiml = '<?xml version="1.0"?><Response><Say>Hi</Say><Pause length="1"/></Response>';
    const res = await send({
      to,
      from: '+1 415 555 0199',
      twiml,
      timeout: 600,
      machineDetection: 'DetectMessageEnd',
    }).expect(202);
    const message = await record(res.body.messageId);
    expect(message.content).toEqual({
      twiml,
      from: '+14155550199',
      timeout: 600,
      machineDetection: 'DetectMessageEnd',
    });
  });

  it('stores a TwiML URL, and the sandbox completes the call', async () => {
    const res = await send({
      to,
      twimlUrl: 'https://example.com/twiml/greeting.xml',
      timeout: 5,
      machineDetection: 'Enable',
    }).expect(202);
    const message = await eventually(
      () => record(res.body.messageId),
      (m) => m.status === 'DELIVERED',
      'the call to be DELIVERED',
    );
    expect(message.channel).toBe('voice');
    expect(message.content).toEqual({
      twimlUrl: 'https://example.com/twiml/greeting.xml',
      timeout: 5,
      machineDetection: 'Enable',
    });
  });
});

describe('POST /api/v1/messages/voice with OUTBOUND_ALLOW_PRIVATE=true', () => {
  let t: TestApp;
  let key: string;

  beforeAll(async () => {
    t = await startApp({}, { OUTBOUND_ALLOW_PRIVATE: 'true' });
    const app = await appWithKey(t, { name: 'lab' });
    key = app.key;
    await t.http
      .put(`/api/v1/apps/${app.appId}/twiml-policy`)
      .set(bearer(adminToken()))
      .send({ allow: [], dialPrefixes: [], urlHosts: ['127.0.0.1'] })
      .expect(200);
  });
  afterAll(async () => {
    await t.close();
  });

  it('takes a TwiML URL on the local network', async () => {
    await t.http
      .post('/api/v1/messages/voice')
      .set('x-api-key', key)
      .send({ to: '+14155550100', twimlUrl: 'http://127.0.0.1:8080/twiml.xml' })
      .expect(202);
  });
});
