import { simpleParser } from 'mailparser';
import { adminToken, appWithKey, bearer, startApp, type TestApp } from '../harness/test-app';
import { eventually } from '../support/polling';
import { type SesLocal, startSesLocal } from '../support/ses-local';
import { type SmtpReceiver, startSmtpReceiver } from '../support/smtp-receiver';
import { FROM, REGION, KEYS } from './ses-provider-fixtures';

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
