import { simpleParser } from 'mailparser';
import { appWithKey, startApp, type TestApp } from '../harness/test-app';
import { htmlOf, PUBLIC_URL, sendEmail, settledEmail } from '../support/engagement-links';
import { type SmtpReceiver, startSmtpReceiver } from '../support/smtp-receiver';

const HELP = 'https://help.example.test/faq';

describe('email over SMTP: the outcome of each recipient', () => {
  let receiver: SmtpReceiver;
  let t: TestApp;
  let key: string;
  let appId: string;

  beforeAll(async () => {
    receiver = await startSmtpReceiver({ secure: false, starttls: false });
    t = await startApp(
      { mongo: true },
      {
        SMTP_URL: `smtp://127.0.0.1:${receiver.port}`,
        EMAIL_FROM: 'notices@example.test',
        PUBLIC_URL,
        ENCRYPTION_KEY: 'b'.repeat(64),
      },
    );
    ({ appId, key } = await appWithKey(t, { name: 'notices', rateLimitPerMinute: 100000 }));
  });
  afterAll(async () => {
    await t.close();
    await receiver.stop();
  });
  beforeEach(() => {
    receiver.reset();
  });

  const send = (body: Record<string, unknown>) => sendEmail(t, key, body);
  const settled = (id: string) => settledEmail(t, key, id);

  it('tracks nothing and sends one message to all when the send does not ask', async () => {
    const accepted = await send({
      to: ['ann@example.test', 'carl@example.test'],
      subject: 'Plain',
      html: `<p><a href="${HELP}">help</a></p>`,
    });
    expect((await settled(accepted.body.messageId)).status).toBe('SENT');
    const [raw] = await receiver.waitForMessages(1);
    expect(raw.rcptTo).toEqual(['ann@example.test', 'carl@example.test']);
    const mail = await simpleParser(raw.raw);
    expect(htmlOf(mail)).toContain(`href="${HELP}"`);
    expect(htmlOf(mail)).not.toContain('switchboard.test');
  });

  it('records each recipient of a partial refusal: one of three refused by the server', async () => {
    const accepted = await send({
      to: ['ann@example.test', 'reject-550-5.1.1@example.test', 'carl@example.test'],
      subject: 'Three',
      text: 'Hello, three.',
    });
    const record = await settled(accepted.body.messageId);
    expect(record.status).toBe('SENT');
    const [raw] = await receiver.waitForMessages(1);
    expect(raw.rcptTo).toEqual(['ann@example.test', 'carl@example.test']);
    expect(
      record.events.filter((event) => event.type !== 'queued' && event.type !== 'callback'),
    ).toEqual([
      expect.objectContaining({ type: 'sent', recipient: 'ann@example.test' }),
      expect.objectContaining({ type: 'sent', recipient: 'carl@example.test' }),
      expect.objectContaining({
        type: 'bounced',
        recipient: 'reject-550-5.1.1@example.test',
        detail: expect.stringMatching(/^the mailbox does not exist \(SMTP 550 5\.1\.1 /),
      }),
    ]);
  });

  it('records a copy the server refused while the others went out', async () => {
    const accepted = await send({
      to: ['ann@example.test', 'reject-550-5.1.1@example.test'],
      subject: 'Tracked',
      html: `<p><a href="${HELP}">help</a></p>`,
      tracking: { clicks: true },
    });
    const record = await settled(accepted.body.messageId);
    expect(record.status).toBe('SENT');
    const [raw] = await receiver.waitForMessages(1);
    expect(raw.rcptTo).toEqual(['ann@example.test']);
    expect(record.providerMessageIds).toHaveLength(1);
    expect(record.events).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'sent', recipient: 'ann@example.test' }),
        expect.objectContaining({ type: 'bounced', recipient: 'reject-550-5.1.1@example.test' }),
      ]),
    );
  });

  it("counts each refused recipient as a bounce in the app's summary", async () => {
    const summary = await t.http
      .get(`/api/v1/apps/${appId}/engagement`)
      .set('x-api-key', key)
      .expect(200);
    expect(summary.body.totals).toMatchObject({ sends: 3, bounces: 2, opens: 0, clicks: 0 });
  });
});
