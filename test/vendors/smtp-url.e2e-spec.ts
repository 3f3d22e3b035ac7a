import { simpleParser } from 'mailparser';
import { adminToken, appWithKey, bearer, startApp, type TestApp } from '../harness/test-app';
import { eventually, until } from '../support/polling';
import { type SmtpReceiver, startSmtpReceiver } from '../support/smtp-receiver';

describe('the SMTP_URL shortcut through the HTTP API', () => {
  const USER = 'relay-user';
  const PASSWORD = 'relay-password-1234';
  const EMAIL_FROM = 'noreply@example.test';
  let receiver: SmtpReceiver;
  let t: TestApp;
  let key: string;
  let running = true;

  beforeAll(async () => {
    receiver = await startSmtpReceiver({
      secure: false,
      starttls: false,
      auth: { user: USER, pass: PASSWORD },
    });
    t = await startApp(
      {},
      { SMTP_URL: `smtp://${USER}:${PASSWORD}@127.0.0.1:${receiver.port}`, EMAIL_FROM },
    );
    key = (await appWithKey(t, { name: 'smtp' })).key;
  });
  afterAll(async () => {
    if (running) await t.close();
    await receiver.stop();
  });

  it('sends through the provider smtp with EMAIL_FROM as the sender', async () => {
    const accepted = await t.http
      .post('/api/v1/messages/email')
      .set('x-api-key', key)
      .send({ to: 'ann@example.test', subject: 'Welcome', text: 'Hello from the gateway' })
      .expect(202);
    const sent = await eventually(
      () => t.http.get(`/api/v1/messages/${accepted.body.messageId}`).set('x-api-key', key),
      (res) => res.status === 200 && ['SENT', 'FAILED', 'UNDELIVERABLE'].includes(res.body.status),
      'the message to settle',
    );
    const [mail] = await receiver.waitForMessages(1);
    const parsed = await simpleParser(mail.raw);
    expect(sent.body.status).toBe('SENT');
    expect(sent.body.attempts).toEqual([
      expect.objectContaining({
        provider: 'smtp',
        status: 'SENT',
        providerMessageId: parsed.messageId,
      }),
    ]);
    expect(mail).toMatchObject({ mailFrom: EMAIL_FROM, rcptTo: ['ann@example.test'], user: USER });
    expect(parsed.subject).toBe('Welcome');
    expect(parsed.text?.trim()).toBe('Hello from the gateway');
  });

  it('shows the provider smtp in /health and the settings on /status, never their values', async () => {
    const health = await t.http.get('/api/v1/health').expect(200);
    expect(health.body.channels.email).toEqual({
      configured: true,
      providers: [{ id: 'smtp', type: 'smtp', circuit: 'closed' }],
      errors: [],
      totalErrors: 0,
    });
    const status = await t.http.get('/api/v1/status').set(bearer(adminToken())).expect(200);
    expect(status.body.providers).toMatchObject({
      smtpUrl: true,
      emailFrom: true,
      ses: { region: false, endpoint: false },
    });
    const text = JSON.stringify(status.body);
    expect(text).not.toContain(PASSWORD);
    // The sender is no secret: it is shown as the channel's default sender, and nowhere else.
    expect(status.body.channels.email.senders).toEqual({ smtp: { from: EMAIL_FROM } });
    expect(text.split(EMAIL_FROM)).toHaveLength(2);
  });

  it('closes its pooled connection when the application shuts down', async () => {
    expect(receiver.opened.length).toBeGreaterThan(receiver.closed.length);
    running = false;
    await t.close();
    await until(
      () => receiver.closed.length === receiver.opened.length,
      'every connection to close',
    );
  });
});
