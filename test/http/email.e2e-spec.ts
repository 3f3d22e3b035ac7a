import { randomBytes, createHash } from 'node:crypto';
import request from 'supertest';
import { AppModule } from '../../src/app.module';
import { createApp } from '../../src/app.setup';
import { parseAppSettings } from '../../src/app.settings';
import { AttachmentStore } from '../../src/channels/email/attachment.store';
import {
  type OutboundMessage,
  type Provider,
  type ProviderConfig,
  ProviderError,
  type ProviderFactory,
  type SendSuccess,
} from '../../src/contract/provider';
import {
  appWithKey,
  type Env,
  startApp,
  type TestApp,
  type TestAppOptions,
  testEnv,
} from '../harness/test-app';
import { eventually } from '../support/polling';

const LIMIT = 2048;
const TOTAL_LIMIT = 3072;
const LIMITS = {
  EMAIL_ATTACHMENT_MAX_BYTES: String(LIMIT),
  EMAIL_ATTACHMENTS_MAX_BYTES: String(TOTAL_LIMIT),
};

type Body = Record<string, unknown>;

const valid: Body = { to: 'alex@example.com', subject: 'Receipt #2891', text: 'Thanks.' };

const b64 = (bytes: Buffer | string): string => Buffer.from(bytes).toString('base64');
const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
const pdfBytes = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(600)]);
const pdf = {
  filename: 'receipt-2891.pdf',
  content: b64(pdfBytes),
  contentType: 'application/pdf',
};
const addresses = (count: number, domain = 'example.com'): string[] =>
  Array.from({ length: count }, (_, i) => `user${i}@${domain}`);

/** An app and a key on a running service. */
async function keyFor(t: TestApp): Promise<string> {
  return (await appWithKey(t, { name: 'email', rateLimitPerMinute: 100000 })).key;
}

/** The service's email route and log, with one app's key. */
function client(t: TestApp, key: string) {
  return {
    send: (body: Body, headers: Record<string, string> = {}) =>
      t.http.post('/api/v1/messages/email').set('x-api-key', key).set(headers).send(body),
    record: async (id: string) =>
      (await t.http.get(`/api/v1/messages/${id}`).set('x-api-key', key).expect(200)).body,
    settled: (id: string, statuses = ['DELIVERED', 'SENT']) =>
      eventually(
        async () =>
          (await t.http.get(`/api/v1/messages/${id}`).set('x-api-key', key).expect(200)).body,
        (message) => statuses.includes(message.status),
        `message ${id} to reach ${statuses.join(' or ')}`,
      ),
    stored: (id: string) => t.app.get(AttachmentStore).load(id),
  };
}

describe('POST /api/v1/messages/email (embedded default: memory store, sandbox provider)', () => {
  let t: TestApp;
  let api: ReturnType<typeof client>;

  beforeAll(async () => {
    t = await startApp({}, LIMITS);
    api = client(t, await keyFor(t));
  });
  afterAll(async () => {
    await t.close();
  });

  describe('refuses bad input with 400 VALIDATION_ERROR and the field code', () => {
    it.each([
      ['to', 'missing', { to: undefined }, 'missing_recipients'],
      ['to', 'an empty list', { to: [] }, 'missing_recipients'],
      ['to', 'not an address', { to: 'alex' }, 'invalid_email'],
      ['to', 'a display name', { to: 'Alex <alex@example.com>' }, 'invalid_email'],
      ['to', 'one bad address in a list', { to: ['a@example.com', 'b@'] }, 'invalid_email'],
      [
        'to',
        'a header smuggled in',
        { to: 'alex@example.com\r\nBcc: eve@example.com' },
        'invalid_email',
      ],
      ['to', 'a number', { to: 42 }, 'invalid_email'],
      ['cc', 'not an address', { cc: ['finance'] }, 'invalid_email'],
      ['bcc', 'not an address', { bcc: 'audit@' }, 'invalid_email'],
      ['replyTo', 'not an address', { replyTo: 'support' }, 'invalid_email'],
      ['from', 'a display name', { from: 'Acme <billing@example.com>' }, 'invalid_email'],
      ['from', 'CR LF in a quoted local part', { from: '"a\r\nb"@example.com' }, 'invalid_email'],
      ['to', '51 recipients', { to: addresses(51) }, 'too_many_recipients'],
      [
        'cc',
        '30 to and 21 cc',
        { to: addresses(30), cc: addresses(21, 'example.org') },
        'too_many_recipients',
      ],
      [
        'bcc',
        '1 to and 50 bcc',
        { to: 'alex@example.com', bcc: addresses(50) },
        'too_many_recipients',
      ],
      ['subject', 'missing', { subject: undefined }, 'missing_subject'],
      ['subject', 'only whitespace', { subject: '   ' }, 'missing_subject'],
      ['subject', 'CR LF', { subject: 'Hi\r\nBcc: eve@example.com' }, 'invalid_header'],
      ['subject', 'a bare LF', { subject: 'Hi\nthere' }, 'invalid_header'],
      ['subject', '999 characters', { subject: 'a'.repeat(999) }, 'too_long'],
      ['fromName', 'a line break', { fromName: 'Acme\nBilling' }, 'invalid_header'],
      ['text', 'no text and no html', { text: undefined }, 'message_empty'],
      ['text', 'blank text and no html', { text: ' \n ' }, 'message_empty'],
      [
        'headers',
        'CR LF in a value',
        { headers: { 'X-Campaign': 'a\r\nBcc: eve@example.com' } },
        'invalid_header',
      ],
      ['headers', 'a name with a space', { headers: { 'X Campaign': 'a' } }, 'invalid_header'],
      ['headers', 'a value that is not text', { headers: { 'X-Count': 3 } }, 'invalid_header'],
      ['headers', 'a list', { headers: ['X-A: b'] }, 'invalid_header'],
      ['headers', 'Bcc', { headers: { Bcc: 'eve@example.com' } }, 'forbidden_header'],
      ['headers', 'From', { headers: { from: 'ceo@example.com' } }, 'forbidden_header'],
      [
        'headers',
        'Content-Type',
        { headers: { 'Content-Type': 'text/plain' } },
        'forbidden_header',
      ],
      ['headers', 'MIME-Version', { headers: { 'MIME-Version': '1.0' } }, 'forbidden_header'],
      ['headers', 'DKIM-Signature', { headers: { 'DKIM-Signature': 'v=1' } }, 'forbidden_header'],
      [
        'headers',
        'an SES instruction',
        { headers: { 'X-SES-CONFIGURATION-SET': 'other' } },
        'forbidden_header',
      ],
      ['tags.0.name', 'a colon', { tags: [{ name: 'ses:x', value: 'a' }] }, 'invalid_tag'],
      ['tags.0.value', 'a space', { tags: [{ name: 'kind', value: 'a b' }] }, 'invalid_tag'],
      [
        'tags.0.value',
        '257 characters',
        { tags: [{ name: 'kind', value: 'a'.repeat(257) }] },
        'invalid_tag',
      ],
      ['tags.0.value', 'missing', { tags: [{ name: 'kind' }] }, 'invalid_tag'],
      [
        'tags',
        'two tags of one name',
        {
          tags: [
            { name: 'kind', value: 'a' },
            { name: 'kind', value: 'b' },
          ],
        },
        'invalid_tag',
      ],
      [
        'tags',
        '51 tags',
        { tags: Array.from({ length: 51 }, (_, i) => ({ name: `t${i}`, value: 'v' })) },
        'invalid_tag',
      ],
      [
        'attachments.0.content',
        'content that is not base64',
        { attachments: [{ ...pdf, content: 'not base64!' }] },
        'invalid_attachment',
      ],
      [
        'attachments.0.content',
        'base64url content',
        { attachments: [{ ...pdf, content: '-_-_' }] },
        'invalid_attachment',
      ],
      [
        'attachments.0.content',
        'empty content',
        { attachments: [{ ...pdf, content: '' }] },
        'invalid_attachment',
      ],
      [
        'attachments.0.content',
        'no content',
        { attachments: [{ ...pdf, content: undefined }] },
        'invalid_attachment',
      ],
      [
        'attachments.0.contentType',
        'no content type',
        { attachments: [{ ...pdf, contentType: undefined }] },
        'invalid_attachment',
      ],
      [
        'attachments.0.contentType',
        'a content type that is not one',
        { attachments: [{ ...pdf, contentType: 'pdf' }] },
        'invalid_attachment',
      ],
      [
        'attachments.0.filename',
        'no filename',
        { attachments: [{ ...pdf, filename: undefined }] },
        'invalid_attachment',
      ],
      [
        'attachments.0.filename',
        'a blank filename',
        { attachments: [{ ...pdf, filename: '  ' }] },
        'invalid_attachment',
      ],
      [
        'attachments.0.content',
        `${LIMIT + 1} bytes in one file`,
        { attachments: [{ ...pdf, content: b64(Buffer.alloc(LIMIT + 1)) }] },
        'attachment_too_large',
      ],
      [
        'attachments',
        `two files of ${LIMIT} bytes`,
        {
          attachments: [
            { ...pdf, content: b64(Buffer.alloc(LIMIT)) },
            { ...pdf, content: b64(Buffer.alloc(LIMIT)) },
          ],
        },
        'attachment_too_large',
      ],
      [
        'attachments.0',
        'an .exe',
        { attachments: [{ ...pdf, filename: 'setup.exe' }] },
        'forbidden_attachment',
      ],
      [
        'attachments.0',
        'a script behind a trailing dot',
        { attachments: [{ ...pdf, filename: 'run.js.' }] },
        'forbidden_attachment',
      ],
      [
        'attachments.0',
        'a program type',
        { attachments: [{ ...pdf, filename: 'tool', contentType: 'application/x-msdownload' }] },
        'forbidden_attachment',
      ],
    ])('%s: %s', async (field, _case, change, code) => {
      const res = await api.send({ ...valid, ...change }).expect(400);
      expect(res.body).toEqual({
        code: 'VALIDATION_ERROR',
        message: expect.any(String),
        details: [{ field, code, message: expect.any(String) }],
      });
    });

    it('reports a missing subject and a missing message together', async () => {
      const res = await api.send({ to: 'alex@example.com' }).expect(400);
      expect(res.body.details).toEqual([
        { field: 'text', code: 'message_empty', message: expect.any(String) },
        { field: 'subject', code: 'missing_subject', message: expect.any(String) },
      ]);
    });

    it('names the limit a too large attachment passes', async () => {
      const one = await api
        .send({ ...valid, attachments: [{ ...pdf, content: b64(Buffer.alloc(LIMIT + 1)) }] })
        .expect(400);
      expect(one.body.details[0].message).toContain(`limit per attachment is ${LIMIT} bytes`);
      const two = await api
        .send({
          ...valid,
          attachments: [
            { ...pdf, content: b64(Buffer.alloc(LIMIT)) },
            { ...pdf, content: b64(Buffer.alloc(LIMIT)) },
          ],
        })
        .expect(400);
      expect(two.body.details[0].message).toContain(`limit per email is ${TOTAL_LIMIT} bytes`);
    });

    it('refuses a program whatever its name and type say', async () => {
      const program = Buffer.alloc(0x80);
      program.write('MZ', 0, 'latin1');
      program.writeUInt32LE(0x40, 0x3c);
      program.write('PE\0\0', 0x40, 'latin1');
      const res = await api
        .send({ ...valid, attachments: [{ ...pdf, content: b64(program) }] })
        .expect(400);
      expect(res.body.details).toEqual([
        { field: 'attachments.0', code: 'forbidden_attachment', message: expect.any(String) },
      ]);
    });
  });

  it('accepts raw text and stores it as sent', async () => {
    const res = await api.send(valid).expect(202);
    expect(res.headers.location).toBe(`/api/v1/messages/${res.body.messageId}`);
    expect(res.body).toEqual({
      messageId: expect.stringMatching(/^msg_/),
      status: 'QUEUED',
      channel: 'email',
      to: ['alex@example.com'],
      createdAt: expect.any(String),
    });
    const message = await api.settled(res.body.messageId);
    expect(message).toMatchObject({
      channel: 'email',
      status: 'DELIVERED',
      to: ['alex@example.com'],
      content: { subject: 'Receipt #2891', text: 'Thanks.' },
    });
    expect(message.content).toEqual({ subject: 'Receipt #2891', text: 'Thanks.' });
  });

  it('makes and stores a plain-text part for an HTML-only email', async () => {
    const html =
      '<h1>Receipt</h1><p>Thanks, <b>Zoë</b> &amp; co.</p><p><a href="https://example.com/r/2891">View it</a></p>';
    const res = await api.send({ ...valid, text: undefined, html }).expect(202);
    const { content } = await api.record(res.body.messageId);
    expect(content.html).toBe(html);
    expect(content.text).toBe(
      'RECEIPT\n\nThanks, Zoë & co.\n\nView it [https://example.com/r/2891]',
    );
  });

  it('keeps a text part given with the HTML as it is', async () => {
    const res = await api.send({ ...valid, html: '<p>Thanks!</p>' }).expect(202);
    expect((await api.record(res.body.messageId)).content).toMatchObject({
      text: 'Thanks.',
      html: '<p>Thanks!</p>',
    });
  });

  it('accepts any Unicode in the subject and the sender name', async () => {
    const subject = 'Ваш чек №2891 — 領収書 ✓ 🎉';
    const fromName = 'Zoë Ångström – Café «Acme» 株式会社';
    const res = await api
      .send({ ...valid, subject, fromName, from: 'billing@example.com' })
      .expect(202);
    expect((await api.record(res.body.messageId)).content).toMatchObject({
      subject,
      fromName,
      from: 'billing@example.com',
    });
  });

  it('stores to as a list and cc, bcc and replyTo in the content', async () => {
    const res = await api
      .send({
        ...valid,
        to: ['alex@example.com', 'sam@example.org'],
        cc: 'finance@example.com',
        bcc: ['audit@example.com'],
        replyTo: 'support@example.com',
      })
      .expect(202);
    expect(res.body.to).toEqual(['alex@example.com', 'sam@example.org']);
    const message = await api.record(res.body.messageId);
    expect(message.to).toEqual(['alex@example.com', 'sam@example.org']);
    expect(message.content).toEqual({
      subject: 'Receipt #2891',
      text: 'Thanks.',
      cc: ['finance@example.com'],
      bcc: ['audit@example.com'],
      replyTo: ['support@example.com'],
    });
  });

  it('accepts 50 recipients in to, cc and bcc together', async () => {
    await api
      .send({
        ...valid,
        to: addresses(20),
        cc: addresses(20, 'example.org'),
        bcc: addresses(10, 'example.net'),
      })
      .expect(202);
  });

  it('stores custom headers and tags', async () => {
    const headers = {
      'List-Unsubscribe': '<https://example.com/unsubscribe/2891>',
      'X-Campaign': 'Frühling 2026',
      'In-Reply-To': '<abc@example.com>',
    };
    const tags = [
      { name: 'category', value: 'receipt' },
      { name: 'tenant_id', value: 'acme-42' },
    ];
    const res = await api.send({ ...valid, headers, tags }).expect(202);
    expect((await api.record(res.body.messageId)).content).toMatchObject({ headers, tags });
  });

  it('sends attachments, records name, type, size and SHA-256, and drops the bytes', async () => {
    const notes = Buffer.from('Zahlung erhalten ✓\n');
    const res = await api
      .send({
        ...valid,
        attachments: [
          pdf,
          {
            filename: '../../Notizen\u202E.txt',
            content: b64(notes),
            contentType: 'text/plain; charset=utf-8',
          },
        ],
      })
      .expect(202);
    const id = res.body.messageId as string;
    const message = await api.settled(id);
    expect(message.content.attachments).toEqual([
      {
        filename: 'receipt-2891.pdf',
        contentType: 'application/pdf',
        size: pdfBytes.length,
        sha256: sha256(pdfBytes),
      },
      {
        filename: 'Notizen.txt',
        contentType: 'text/plain; charset=utf-8',
        size: notes.length,
        sha256: sha256(notes),
      },
    ]);
    const raw = JSON.stringify(message);
    expect(raw).not.toContain(pdf.content);
    expect(raw).not.toContain(b64(notes));
    await eventually(
      () => api.stored(id),
      (files) => files === undefined,
      'the attachment bytes to be dropped',
    );
  });

  it('keeps the bytes while the message waits, and a replay does not drop them', async () => {
    const scheduledAt = new Date(Date.now() + 60 * 60 * 1000).toISOString();
    const body = { ...valid, scheduledAt, attachments: [pdf] };
    const headers = { 'Idempotency-Key': `email-attachments-${Date.now()}` };
    const first = await api.send(body, headers).expect(202);
    expect(first.body.status).toBe('SCHEDULED');
    const again = await api.send(body, headers).expect(202);
    expect(again.body.messageId).toBe(first.body.messageId);
    const stored = await api.stored(first.body.messageId);
    expect(stored?.map((file) => file.content.equals(pdfBytes))).toEqual([true]);
  });
});

describe('email attachments with executables allowed', () => {
  it('takes an .exe when EMAIL_ALLOW_EXECUTABLE_ATTACHMENTS is set', async () => {
    const t = await startApp({}, { EMAIL_ALLOW_EXECUTABLE_ATTACHMENTS: 'true' });
    try {
      const api = client(t, await keyFor(t));
      const res = await api
        .send({
          ...valid,
          attachments: [{ ...pdf, filename: 'setup.exe', contentType: 'application/x-msdownload' }],
        })
        .expect(202);
      expect((await api.record(res.body.messageId)).content.attachments[0].filename).toBe(
        'setup.exe',
      );
    } finally {
      await t.close();
    }
  });
});

/** Test-only provider type `capture`: keeps what it was given; fails the first `failFirst` sends. */
class CaptureProvider implements Provider {
  readonly type = 'capture';
  readonly received: OutboundMessage[] = [];
  failFirst = 0;

  constructor(
    readonly id: string,
    readonly channel: ProviderConfig['channel'],
  ) {}

  send(message: OutboundMessage): Promise<SendSuccess> {
    this.received.push(message);
    if (this.failFirst > 0) {
      this.failFirst -= 1;
      return Promise.reject(new ProviderError('PROVIDER_OUTAGE', 'captured, then refused'));
    }
    return Promise.resolve({ providerMessageId: `capture-${message.id}`, status: 'SENT' });
  }
}

class CaptureFactory implements ProviderFactory {
  readonly type = 'capture';
  provider?: CaptureProvider;

  create(config: ProviderConfig): Provider {
    this.provider = new CaptureProvider(config.id, config.channel);
    return this.provider;
  }
}

async function startCapturing(
  options: TestAppOptions,
  env: Env = {},
): Promise<{ t: TestApp; capture: CaptureProvider }> {
  const providers = JSON.stringify({
    email: [{ id: 'capture', type: 'capture', maxAttempts: 3, retryBaseMs: 10, retryMaxMs: 20 }],
  });
  const settings = parseAppSettings(testEnv(options, { PROVIDERS: providers, ...env }), () =>
    randomBytes(32).toString('base64url'),
  );
  const factory = new CaptureFactory();
  const app = await createApp(
    settings,
    AppModule.forRoot(settings, { providerFactories: [factory] }),
  );
  await app.init();
  const capture = factory.provider;
  if (!capture) throw new Error('the capture provider was not created');
  return {
    t: { app, http: request(app.getHttpServer()), settings, close: () => app.close() },
    capture,
  };
}

describe.each([
  ['memory', {}],
  ['MongoDB (FerretDB)', { mongo: true }],
])('email attachments reach the provider (%s)', (_name, options: TestAppOptions) => {
  let t: TestApp;
  let capture: CaptureProvider;
  let api: ReturnType<typeof client>;

  beforeAll(async () => {
    ({ t, capture } = await startCapturing(options, LIMITS));
    api = client(t, await keyFor(t));
  });
  afterAll(async () => {
    await t.close();
  });

  it('gives each attempt the bytes byte for byte, then drops them', async () => {
    capture.failFirst = 1;
    const photo = randomBytes(1500);
    const res = await api
      .send({
        ...valid,
        attachments: [
          pdf,
          { filename: 'photo.jpg', content: b64(photo), contentType: 'image/jpeg' },
        ],
      })
      .expect(202);
    const id = res.body.messageId as string;
    const message = await api.settled(id, ['SENT']);
    expect(message.attempts.map((a: { status: string }) => a.status)).toEqual(['RETRYING', 'SENT']);
    const sends = capture.received.filter((sent) => sent.id === id);
    expect(sends).toHaveLength(2);
    for (const sent of sends) {
      expect(sent.attachments?.map((file) => file.filename)).toEqual([
        'receipt-2891.pdf',
        'photo.jpg',
      ]);
      expect(sent.attachments?.[0]?.content.equals(pdfBytes)).toBe(true);
      expect(sent.attachments?.[1]?.content.equals(photo)).toBe(true);
      expect(sent.attachments?.[1]?.contentType).toBe('image/jpeg');
    }
    await eventually(
      () => api.stored(id),
      (files) => files === undefined,
      'the attachment bytes to be dropped',
    );
  });

  it('drops the bytes after a send that finally failed', async () => {
    capture.failFirst = 3;
    const res = await api.send({ ...valid, attachments: [pdf] }).expect(202);
    const id = res.body.messageId as string;
    const message = await api.settled(id, ['FAILED']);
    expect(message.attempts).toHaveLength(3);
    await eventually(
      () => api.stored(id),
      (files) => files === undefined,
      'the attachment bytes to be dropped',
    );
  });

  it('fails the send without a provider call when the bytes are gone', async () => {
    const scheduledAt = new Date(Date.now() + 1500).toISOString();
    const res = await api.send({ ...valid, scheduledAt, attachments: [pdf] }).expect(202);
    const id = res.body.messageId as string;
    await t.app.get(AttachmentStore).drop(id);
    const message = await api.settled(id, ['FAILED']);
    expect(message.attempts).toEqual([
      expect.objectContaining({
        provider: 'attachment-store',
        status: 'FAILED',
        errorCategory: 'CONFIGURATION_ERROR',
        errorMessage: expect.stringContaining('no longer stored'),
      }),
    ]);
    expect(capture.received.some((sent) => sent.id === id)).toBe(false);
  });

  it('sends an email without attachments with none', async () => {
    const res = await api.send(valid).expect(202);
    await api.settled(res.body.messageId, ['SENT']);
    const sent = capture.received.find((message) => message.id === res.body.messageId);
    expect(sent?.attachments).toBeUndefined();
    expect(sent?.content).toEqual({ subject: 'Receipt #2891', text: 'Thanks.' });
  });
});
