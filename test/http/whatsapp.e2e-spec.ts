import { appWithKey, startApp, type TestApp } from '../harness/test-app';
import { eventually } from '../support/polling';

/** The distinct `field: code` pairs of a validation error's details. */
const problems = (details: { field: string; code: string }[]): string[] => [
  ...new Set(details.map(({ field, code }) => `${field}: ${code}`)),
];

const CONTENT_SID = 'HXb5b62575e6e4ff6129ad7c8efe1f983e';
const PDF = { url: 'https://example.com/receipts/2891.pdf', contentType: 'application/pdf' };

async function startWithKey(
  env: Record<string, string> = {},
): Promise<{ t: TestApp; key: string }> {
  const t = await startApp({}, env);
  const { key } = await appWithKey(t, { name: 'whatsapp', rateLimitPerMinute: 100000 });
  return { t, key };
}

describe('POST /api/v1/messages/whatsapp (embedded default: memory store, sandbox provider)', () => {
  let t: TestApp;
  let key: string;

  beforeAll(async () => {
    ({ t, key } = await startWithKey());
  });
  afterAll(async () => {
    await t.close();
  });

  const send = (body: Record<string, unknown>) =>
    t.http.post('/api/v1/messages/whatsapp').set('x-api-key', key).send(body);

  const record = async (id: string) =>
    (await t.http.get(`/api/v1/messages/${id}`).set('x-api-key', key).expect(200)).body;

  const to = '+14155550100';
  const valid = { to, body: 'Your order has shipped.' };
  const template = { contentSid: CONTENT_SID, variables: { '1': 'Alice' } };

  describe('refuses bad input with 400 VALIDATION_ERROR and the field code', () => {
    it.each([
      ['to', 'not a number', { ...valid, to: 'whatsapp:call-me' }, 'invalid_phone'],
      ['to', 'no leading +', { ...valid, to: 'whatsapp:14155550100' }, 'invalid_phone'],
      ['to', 'missing', { body: 'hi' }, 'invalid_phone'],
      ['from', 'too short', { ...valid, from: '+1415' }, 'invalid_phone'],
      ['body', 'nothing to send', { to }, 'message_empty'],
      ['body', 'empty', { to, body: '' }, 'message_empty'],
      ['body', 'only whitespace', { to, body: '  \n' }, 'message_empty'],
      ['body', 'null', { to, body: null }, 'message_empty'],
      ['body', 'not text', { to, body: 42 }, 'message_empty'],
      ['body', 'empty media and no body', { to, media: [] }, 'message_empty'],
      ['body', '1,601 characters', { to, body: 'a'.repeat(1601) }, 'message_too_long'],
      ['template', 'with a body', { ...valid, template }, 'conflicting_content'],
      ['template', 'with media', { to, media: [PDF], template }, 'conflicting_content'],
      ['template', 'not an object', { to, template: CONTENT_SID }, 'invalid_type'],
      ['template', 'a list', { to, template: [template] }, 'invalid_type'],
      [
        'template.contentSid',
        'a Messaging Service SID',
        { to, template: { contentSid: 'MG9752274e9e519418a7406176694466fa' } },
        'invalid_content_sid',
      ],
      [
        'template.contentSid',
        'too short',
        { to, template: { contentSid: 'HX1234' } },
        'invalid_content_sid',
      ],
      [
        'template.contentSid',
        'missing',
        { to, template: { variables: {} } },
        'invalid_content_sid',
      ],
      [
        'template.variables',
        'an empty value',
        { to, template: { contentSid: CONTENT_SID, variables: { '1': '' } } },
        'invalid_template_variables',
      ],
      [
        'template.variables',
        'a value of 1,025 characters',
        { to, template: { contentSid: CONTENT_SID, variables: { '1': 'a'.repeat(1025) } } },
        'invalid_template_variables',
      ],
      [
        'template.variables',
        'a number as value',
        { to, template: { contentSid: CONTENT_SID, variables: { '1': 5 } } },
        'invalid_template_variables',
      ],
      [
        'template.variables',
        'a list',
        { to, template: { contentSid: CONTENT_SID, variables: ['Alice'] } },
        'invalid_template_variables',
      ],
      [
        'template.variables',
        'a placeholder name with braces',
        { to, template: { contentSid: CONTENT_SID, variables: { '{{1}}': 'Alice' } } },
        'invalid_template_variables',
      ],
      ['media', 'two items', { to, media: [PDF, PDF] }, 'too_many_media'],
      ['media', 'not a list', { to, media: PDF.url }, 'invalid_type'],
      ['media.0', 'a bare URL', { to, media: [PDF.url] }, 'invalid_type'],
      ['media.0.url', 'missing', { to, media: [{ contentType: 'image/png' }] }, 'invalid_url'],
      ['media.0.url', 'not a URL', { to, media: [{ url: 'receipt.pdf' }] }, 'invalid_url'],
      ['media.0.url', 'ftp', { to, media: [{ url: 'ftp://example.com/a.pdf' }] }, 'invalid_url'],
      [
        'media.0.url',
        'loopback',
        { to, media: [{ url: 'http://127.0.0.1/a.png', contentType: 'image/png' }] },
        'invalid_url',
      ],
      [
        'media.0.url',
        'private',
        { to, media: [{ url: 'https://192.168.1.9/a.png' }] },
        'invalid_url',
      ],
      [
        'media.0.url',
        'localhost',
        { to, media: [{ url: 'https://localhost/a.png' }] },
        'invalid_url',
      ],
      [
        'media.0.url',
        'with credentials',
        { to, media: [{ url: 'https://user:pw@example.com/a.png' }] },
        'invalid_url',
      ],
      [
        'media.0.contentType',
        'a GIF',
        { to, media: [{ ...PDF, contentType: 'image/gif' }] },
        'unsupported_media_type',
      ],
      [
        'media.0.contentType',
        'QuickTime video',
        { to, media: [{ ...PDF, contentType: 'video/quicktime' }] },
        'unsupported_media_type',
      ],
      [
        'media.0.caption',
        'with a body',
        { ...valid, media: [{ ...PDF, caption: 'Receipt' }] },
        'conflicting_content',
      ],
      [
        'media.0.caption',
        '1,025 characters',
        { to, media: [{ ...PDF, caption: 'a'.repeat(1025) }] },
        'message_too_long',
      ],
      ['media.0.caption', 'empty', { to, media: [{ ...PDF, caption: '' }] }, 'message_empty'],
      ['media.0.size', 'an unknown field', { to, media: [{ ...PDF, size: 10 }] }, 'unknown_field'],
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

  it('sends a body to a plain E.164 number, taking off a whatsapp: prefix', async () => {
    const res = await send({
      to: 'whatsapp:+1 415 555 0100',
      from: 'whatsapp:+14155550199',
      body: 'Your order has shipped.',
    }).expect(202);
    expect(res.body).toEqual({
      messageId: expect.stringMatching(/^msg_/),
      status: 'QUEUED',
      channel: 'whatsapp',
      to: ['+14155550100'],
      createdAt: expect.any(String),
    });
    expect(res.headers.location).toBe(`/api/v1/messages/${res.body.messageId}`);
    const message = await eventually(
      () => record(res.body.messageId),
      (m) => m.status === 'DELIVERED',
      'the WhatsApp message to be DELIVERED',
    );
    expect(message.content).toEqual({ body: 'Your order has shipped.', from: '+14155550199' });
  });

  it('stores one media item with its type and caption', async () => {
    const media = { ...PDF, contentType: 'application/pdf', caption: 'Your receipt' };
    const res = await send({ to, media: [media] }).expect(202);
    expect((await record(res.body.messageId)).content).toEqual({ media: [media] });
  });

  it('stores a body with a media item whose type is left to the URL', async () => {
    const res = await send({ to, body: 'Look', media: [{ url: 'https://example.com/a.jpg' }] });
    expect(res.status).toBe(202);
    expect((await record(res.body.messageId)).content).toEqual({
      body: 'Look',
      media: [{ url: 'https://example.com/a.jpg' }],
    });
  });

  it('takes null optional media fields as absent', async () => {
    const media = [{ url: PDF.url, contentType: null, caption: null }];
    const res = await send({ to, body: 'Receipt', media }).expect(202);
    expect((await record(res.body.messageId)).content).toEqual({
      body: 'Receipt',
      media: [{ url: PDF.url }],
    });
  });

  it('takes a media type with parameters', async () => {
    const media = [{ url: 'https://example.com/note.ogg', contentType: 'audio/ogg; codecs=opus' }];
    const res = await send({ to, media }).expect(202);
    expect((await record(res.body.messageId)).content).toEqual({ media });
  });

  it('stores a template as its Content SID and variables', async () => {
    const res = await send({
      to,
      template: { contentSid: CONTENT_SID, variables: { '1': 'Alice', '2': '12 June at 3pm' } },
    }).expect(202);
    expect((await record(res.body.messageId)).content).toEqual({
      contentSid: CONTENT_SID,
      contentVariables: { '1': 'Alice', '2': '12 June at 3pm' },
    });
  });

  it('stores a template without variables', async () => {
    const res = await send({ to, template: { contentSid: CONTENT_SID } }).expect(202);
    expect((await record(res.body.messageId)).content).toEqual({ contentSid: CONTENT_SID });
  });
});

describe('POST /api/v1/messages/whatsapp with OUTBOUND_ALLOW_PRIVATE=true', () => {
  let t: TestApp;
  let key: string;

  beforeAll(async () => {
    ({ t, key } = await startWithKey({ OUTBOUND_ALLOW_PRIVATE: 'true' }));
  });
  afterAll(async () => {
    await t.close();
  });

  it('takes a media URL on the local network, but still only http(s)', async () => {
    const send = (url: string) =>
      t.http
        .post('/api/v1/messages/whatsapp')
        .set('x-api-key', key)
        .send({ to: '+14155550100', media: [{ url }] });
    await send('http://127.0.0.1:8080/a.png').expect(202);
    const refused = await send('file:///etc/passwd').expect(400);
    expect(refused.body.details).toEqual([
      { field: 'media.0.url', code: 'invalid_url', message: 'url must use http or https' },
    ]);
  });
});
