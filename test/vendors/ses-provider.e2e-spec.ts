import { createHash } from 'node:crypto';
import { simpleParser } from 'mailparser';
import { PROVIDER_DEFAULTS } from '../../src/contract/provider-settings';
import {
  type OutboundAttachment,
  type OutboundMessage,
  type Provider,
} from '../../src/contract/provider';
import { SesProviderFactory } from '../../src/vendors/ses/ses-provider.factory';
import { adminToken, appWithKey, bearer, startApp, type TestApp } from '../harness/test-app';
import { eventually } from '../support/polling';
import { type SesLocal, startSesLocal } from '../support/ses-local';
import { type SmtpReceiver, startSmtpReceiver } from '../support/smtp-receiver';
import { failureOf } from '../support/provider-failure';

const FROM = 'billing@example.test';
const REGION = 'eu-west-1';
/** aws-ses-v2-local wants requests signed, with any key. */
const KEYS = { accessKeyId: 'AKIAEMULATOR', secretAccessKey: 'emulator-secret-key' };

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

const report = Buffer.from(Array.from({ length: 256 }, (_, index) => 255 - index));
const attachments: OutboundAttachment[] = [
  { filename: 'report.bin', contentType: 'application/octet-stream', content: report },
];

const message = (
  content: Record<string, unknown>,
  extra: Partial<OutboundMessage> = {},
): OutboundMessage => ({
  id: 'msg-1',
  appId: 'app-1',
  channel: 'email',
  to: ['ann@example.test'],
  content,
  metadata: {},
  ...extra,
});

function sesProvider(endpoint: string, options: Record<string, unknown> = {}): Provider {
  return new SesProviderFactory().create({
    id: 'ses-test',
    type: 'ses',
    channel: 'email',
    ...PROVIDER_DEFAULTS,
    timeoutMs: 2_000,
    options: { region: REGION, endpoint, from: FROM, ...KEYS, ...options },
  });
}

describe('SES provider against aws-ses-v2-local', () => {
  let ses: SesLocal;
  let provider: Provider;

  beforeAll(async () => {
    ses = await startSesLocal();
    provider = sesProvider(ses.endpoint, { configurationSetName: 'transactional' });
  });
  afterAll(async () => {
    await provider.close?.();
    await ses.stop();
  });

  it('sends Simple content with tags, and gets SES MessageId', async () => {
    const sent = await provider.send(
      message({
        fromName: 'Zoë Billing',
        subject: 'Grüße — Ihre Rechnung',
        text: 'Hallo',
        html: '<p>Hallo</p>',
        cc: ['carl@example.test'],
        bcc: ['audit@example.test'],
        replyTo: ['help@example.test'],
        tags: [
          { name: 'category', value: 'receipt' },
          { name: 'campaign:id', value: 'spring 2025' },
        ],
      }),
    );
    const emails = await ses.emails();
    const stored = emails.find(({ messageId }) => messageId === sent.providerMessageId);
    expect(sent.status).toBe('SENT');
    expect(stored).toMatchObject({
      from: '=?UTF-8?Q?Zo=C3=AB_Billing?= <billing@example.test>',
      replyTo: ['help@example.test'],
      destination: {
        to: ['ann@example.test'],
        cc: ['carl@example.test'],
        bcc: ['audit@example.test'],
      },
      subject: 'Grüße — Ihre Rechnung',
      body: { text: 'Hallo', html: '<p>Hallo</p>' },
    });
    const request = ses.requests.at(-1);
    expect(request?.Content.Simple?.Subject).toEqual({
      Data: 'Grüße — Ihre Rechnung',
      Charset: 'UTF-8',
    });
    expect(request?.EmailTags).toEqual([
      { Name: 'category', Value: 'receipt' },
      { Name: 'campaign_id', Value: 'spring_2025' },
    ]);
    expect(request?.ConfigurationSetName).toBe('transactional');
  });

  it('sends Raw MIME with attachments and custom headers, Bcc only in the destination', async () => {
    const sent = await provider.send(
      message(
        {
          subject: 'Monthly report',
          text: 'Attached.',
          bcc: ['audit@example.test'],
          headers: { 'X-Report': 'monthly' },
          tags: [{ name: 'category', value: 'report' }],
          attachments: [
            {
              filename: 'report.bin',
              contentType: 'application/octet-stream',
              size: 256,
              sha256: sha256(report),
            },
          ],
        },
        { attachments },
      ),
    );
    const stored = (await ses.emails()).find(
      ({ messageId }) => messageId === sent.providerMessageId,
    );
    expect(stored?.subject).toBe('Monthly report');
    expect(
      stored?.attachments.map(({ filename, contentType, content }) => ({
        filename,
        contentType,
        sha256: sha256(Buffer.from(content, 'base64')),
      })),
    ).toEqual([
      { filename: 'report.bin', contentType: 'application/octet-stream', sha256: sha256(report) },
    ]);

    const request = ses.requests.at(-1);
    expect(request?.Content.Simple).toBeUndefined();
    expect(request?.Destination).toEqual({
      ToAddresses: ['ann@example.test'],
      BccAddresses: ['audit@example.test'],
    });
    expect(request?.EmailTags).toEqual([{ Name: 'category', Value: 'report' }]);
    const mime = Buffer.from(request?.Content.Raw?.Data ?? '', 'base64');
    expect(mime.toString()).not.toContain('audit@example.test');
    const parsed = await simpleParser(mime);
    expect(parsed.headers.get('x-report')).toBe('monthly');
    expect(parsed.headers.has('x-switchboard-tags')).toBe(false);
  });

  it('sends each recipient its copy as Raw MIME to that recipient alone, each with its id', async () => {
    const before = ses.requests.length;
    const sent = await provider.send(
      message(
        { subject: 'Spring offers', html: '<p>Offers</p>', cc: ['carl@example.test'] },
        {
          copies: [
            { recipient: 'ann@example.test', content: { html: '<p>Offers for Ann</p>' } },
            {
              recipient: 'carl@example.test',
              content: { html: '<p>Offers for Carl</p>', headers: { 'X-Copy': 'carl' } },
            },
          ],
        },
      ),
    );
    expect(sent.copyMessageIds).toHaveLength(1);
    expect(sent).not.toHaveProperty('refused');
    const requests = ses.requests.slice(before);
    expect(requests.map((request) => request.Destination?.ToAddresses).sort()).toEqual([
      ['ann@example.test'],
      ['carl@example.test'],
    ]);
    const copies = await Promise.all(
      requests.map((request) =>
        simpleParser(Buffer.from(request.Content.Raw?.Data ?? '', 'base64')),
      ),
    );
    for (const copy of copies) {
      expect(copy.headers.get('to')).toMatchObject({ text: 'ann@example.test' });
      expect(copy.headers.get('cc')).toMatchObject({ text: 'carl@example.test' });
    }
    expect(copies.map((copy) => (copy.html || '').trim()).sort()).toEqual([
      '<p>Offers for Ann</p>',
      '<p>Offers for Carl</p>',
    ]);
    const stored = (await ses.emails()).map(({ messageId }) => messageId);
    expect(stored).toEqual(
      expect.arrayContaining([sent.providerMessageId, ...(sent.copyMessageIds ?? [])]),
    );
  });

  it('refuses a request the emulator finds malformed as CONTENT_REJECTED', async () => {
    const error = await failureOf(provider.send(message({ subject: '', text: 'no subject' })));
    expect(error.category).toBe('CONTENT_REJECTED');
    expect(error.message).toMatch(/^SES refused the request \(SES \w+, HTTP 400/);
  });

  it('is PROVIDER_OUTAGE once SES is down', async () => {
    const down = await startSesLocal();
    const doomed = sesProvider(down.endpoint);
    await down.stop();
    const error = await failureOf(doomed.send(message({ subject: 's', text: 't' })));
    expect(error.category).toBe('PROVIDER_OUTAGE');
    expect(error.message).toMatch(/^could not reach SES: .*ECONNREFUSED/);
    await doomed.close?.();
  });
});

describe('fail-over from SES to SMTP through the HTTP API', () => {
  let ses: SesLocal;
  let smtp: SmtpReceiver;
  let t: TestApp;
  let key: string;

  beforeAll(async () => {
    [ses, smtp] = await Promise.all([
      startSesLocal(),
      startSmtpReceiver({ secure: false, starttls: false }),
    ]);
    const policy = { maxAttempts: 2, retryBaseMs: 20, retryMaxMs: 40, circuitFailures: 50 };
    t = await startApp(
      {},
      {
        EMAIL_FROM: FROM,
        PROVIDERS: JSON.stringify({
          email: [
            {
              id: 'ses',
              type: 'ses',
              region: REGION,
              endpoint: ses.endpoint,
              ...KEYS,
              ...policy,
              circuitFailures: 2,
              circuitCooldownMs: 600_000,
            },
            { id: 'smtp', type: 'smtp', host: '127.0.0.1', port: smtp.port, ...policy },
          ],
        }),
      },
    );
    key = (await appWithKey(t, { name: 'email' })).key;
  });
  afterAll(async () => {
    await t.close();
    await Promise.all([ses.stop(), smtp.stop()]);
  });

  const sendAndSettle = async (subject: string) => {
    const accepted = await t.http
      .post('/api/v1/messages/email')
      .set('x-api-key', key)
      .send({ to: 'ann@example.test', subject, text: 'Hello' })
      .expect(202);
    const settled = await eventually(
      () => t.http.get(`/api/v1/messages/${accepted.body.messageId}`).set('x-api-key', key),
      (res) => res.status === 200 && ['SENT', 'FAILED', 'UNDELIVERABLE'].includes(res.body.status),
      'the message to settle',
    );
    return settled.body;
  };

  it('sends through SES while it is up, with SES MessageId as the provider message id', async () => {
    const sent = await sendAndSettle('via SES');
    const stored = (await ses.emails()).find(({ subject }) => subject === 'via SES');
    expect(sent.status).toBe('SENT');
    expect(sent.attempts).toEqual([
      expect.objectContaining({
        provider: 'ses',
        status: 'SENT',
        providerMessageId: stored?.messageId,
      }),
    ]);
    expect(stored?.from).toBe(FROM);
    expect(smtp.messages).toHaveLength(0);
  });

  it('shows the email channel, its two providers and their circuits in /health', async () => {
    const health = await t.http.get('/api/v1/health').expect(200);
    expect(health.body.channels.email).toEqual({
      configured: true,
      providers: [
        { id: 'ses', type: 'ses', circuit: 'closed' },
        { id: 'smtp', type: 'smtp', circuit: 'closed' },
      ],
      errors: [],
      totalErrors: 0,
    });
  });

  it('fails over to SMTP when SES is down, recording every attempt, and opens the SES circuit', async () => {
    await ses.stop();
    const sent = await sendAndSettle('via SMTP');
    expect(sent.status).toBe('SENT');
    const [mail] = await smtp.waitForMessages(1);
    const parsed = await simpleParser(mail.raw);
    expect(parsed.subject).toBe('via SMTP');
    expect(mail.mailFrom).toBe(FROM);
    expect(sent.attempts).toEqual([
      expect.objectContaining({
        provider: 'ses',
        status: 'RETRYING',
        errorCategory: 'PROVIDER_OUTAGE',
        errorMessage: expect.stringMatching(/^could not reach SES: .*ECONNREFUSED/),
      }),
      expect.objectContaining({
        provider: 'ses',
        status: 'RETRYING',
        errorCategory: 'PROVIDER_OUTAGE',
      }),
      expect.objectContaining({
        provider: 'smtp',
        status: 'SENT',
        providerMessageId: parsed.messageId,
      }),
    ]);
    const health = await t.http.get('/api/v1/health').expect(200);
    expect(health.body.channels.email.providers).toEqual([
      { id: 'ses', type: 'ses', circuit: 'open' },
      { id: 'smtp', type: 'smtp', circuit: 'closed' },
    ]);
  });
});

describe('the SES_REGION and SMTP_URL shortcuts', () => {
  let ses: SesLocal;
  let smtp: SmtpReceiver;
  let t: TestApp;
  const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };

  beforeAll(async () => {
    [ses, smtp] = await Promise.all([
      startSesLocal(),
      startSmtpReceiver({ secure: false, starttls: false }),
    ]);
    // The AWS SDK's default credential chain, as a deployment would set it.
    process.env.AWS_ACCESS_KEY_ID = KEYS.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = KEYS.secretAccessKey;
    t = await startApp(
      {},
      {
        SES_REGION: REGION,
        SES_ENDPOINT: ses.endpoint,
        SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
        EMAIL_FROM: FROM,
      },
    );
  });
  afterAll(async () => {
    await t.close();
    await Promise.all([ses.stop(), smtp.stop()]);
    if (saved.id === undefined) delete process.env.AWS_ACCESS_KEY_ID;
    else process.env.AWS_ACCESS_KEY_ID = saved.id;
    if (saved.secret === undefined) delete process.env.AWS_SECRET_ACCESS_KEY;
    else process.env.AWS_SECRET_ACCESS_KEY = saved.secret;
  });

  it('chain ses then smtp, shown in /health', async () => {
    const health = await t.http.get('/api/v1/health').expect(200);
    expect(health.body.channels.email.providers).toEqual([
      { id: 'ses', type: 'ses', circuit: 'closed' },
      { id: 'smtp', type: 'smtp', circuit: 'closed' },
    ]);
  });

  it('send through SES with credentials from the AWS default chain', async () => {
    const { key } = await appWithKey(t, { name: 'short' });
    const accepted = await t.http
      .post('/api/v1/messages/email')
      .set('x-api-key', key)
      .send({ to: 'ann@example.test', subject: 'shortcut', text: 'Hello' })
      .expect(202);
    const sent = await eventually(
      () => t.http.get(`/api/v1/messages/${accepted.body.messageId}`).set('x-api-key', key),
      (res) => res.status === 200 && ['SENT', 'FAILED', 'UNDELIVERABLE'].includes(res.body.status),
      'the message to settle',
    );
    expect(sent.body.attempts).toEqual([
      expect.objectContaining({ provider: 'ses', status: 'SENT' }),
    ]);
    expect((await ses.emails()).map(({ subject, from }) => [subject, from])).toEqual([
      ['shortcut', FROM],
    ]);
  });

  it('show on /status which email settings are present, never their values', async () => {
    const status = await t.http.get('/api/v1/status').set(bearer(adminToken())).expect(200);
    expect(status.body.providers).toMatchObject({
      smtpUrl: true,
      emailFrom: true,
      ses: { region: true, endpoint: true },
    });
    const text = JSON.stringify(status.body);
    for (const value of [ses.endpoint, `127.0.0.1:${smtp.port}`]) expect(text).not.toContain(value);
    // The sender is no secret: it is shown as the channel's default sender, and nowhere else.
    expect(status.body.channels.email.senders).toEqual({
      ses: { from: FROM },
      smtp: { from: FROM },
    });
  });
});
