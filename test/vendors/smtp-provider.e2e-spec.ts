import { createHash } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { PROVIDER_DEFAULTS } from '../../src/contract/provider-settings';
import {
  type OutboundAttachment,
  type OutboundMessage,
  type Provider,
} from '../../src/contract/provider';
import { SmtpProviderFactory } from '../../src/vendors/smtp/smtp-provider.factory';
import { freePort } from '../harness/servers';
import { adminToken, appWithKey, bearer, startApp, type TestApp } from '../harness/test-app';
import { eventually, until } from '../support/polling';
import {
  type ReceivedMail,
  selfSignedCertificate,
  type SmtpReceiver,
  startSmtpReceiver,
  type TestCertificate,
} from '../support/smtp-receiver';
import { failureOf } from '../support/provider-failure';
import type { ErrorCategory } from '../../src/contract/error-category';

const FROM = 'billing@example.test';
const TIMEOUT_MS = 1_000;

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/** Bytes that survive no text conversion: every byte value once. */
const invoice = Buffer.from(Array.from({ length: 256 }, (_, index) => index));
const notes = Buffer.from('Zeile 1 — ü\r\nZeile 2\n', 'utf8');
const attachments: OutboundAttachment[] = [
  { filename: 'rechnung-2891.pdf', contentType: 'application/pdf', content: invoice },
  { filename: 'notizen.txt', contentType: 'text/plain', content: notes },
];

function message(
  content: Record<string, unknown>,
  to: string[] = ['ann@example.test'],
  extra: Partial<OutboundMessage> = {},
): OutboundMessage {
  return { id: 'msg-1', appId: 'app-1', channel: 'email', to, content, metadata: {}, ...extra };
}

function smtpProvider(options: Record<string, unknown>, timeoutMs = TIMEOUT_MS): Provider {
  return new SmtpProviderFactory().create({
    id: 'smtp-test',
    type: 'smtp',
    channel: 'email',
    ...PROVIDER_DEFAULTS,
    timeoutMs,
    options: { from: FROM, ...options },
  });
}

const addressesOf = (field: AddressObject | AddressObject[] | undefined): string[] =>
  (Array.isArray(field) ? field : field ? [field] : []).flatMap(({ value }) =>
    value.map(({ address }) => address ?? ''),
  );

/** The header block of a received message, as it went over the wire. */
const wireHeaders = (mail: ReceivedMail): string =>
  mail.raw.toString('latin1').split('\r\n\r\n')[0] ?? '';

describe('SMTP provider against a real SMTP server (smtp-server in a child process)', () => {
  describe('plain connection, no authentication', () => {
    let receiver: SmtpReceiver;
    let provider: Provider;

    beforeAll(async () => {
      receiver = await startSmtpReceiver({ secure: false, starttls: false });
      provider = smtpProvider({ host: '127.0.0.1', port: receiver.port });
    });
    afterAll(async () => {
      await provider.close?.();
      await receiver.stop();
    });
    beforeEach(() => {
      receiver.reset();
    });

    it('delivers a complete message that reads back equal', async () => {
      const sent = await provider.send(
        message(
          {
            from: 'team@example.test',
            fromName: 'Zoë Åström',
            subject: 'Grüße — Rechnung #2891 🧾',
            text: 'Hallo Ann, anbei die Rechnung.',
            html: '<p>Hallo Ann, anbei die <b>Rechnung</b>.</p>',
            cc: ['carl@example.test'],
            bcc: ['audit@example.test', 'archive@example.test'],
            replyTo: ['help@example.test'],
            headers: { 'X-Campaign': 'spring-2025', 'X-Priority-Note': 'dringend ✓' },
            tags: [
              { name: 'category', value: 'receipt' },
              { name: 'tier', value: 'gold; vip' },
            ],
            attachments: attachments.map(({ filename, contentType, content }) => ({
              filename,
              contentType,
              size: content.length,
              sha256: sha256(content),
            })),
          },
          ['ann@example.test', 'bob@example.test'],
          { attachments },
        ),
      );
      expect(sent).toEqual({
        providerMessageId: expect.stringMatching(/^<.+@.+>$/),
        status: 'SENT',
      });

      const [mail] = await receiver.waitForMessages(1);
      expect(mail.mailFrom).toBe('team@example.test');
      expect([...mail.rcptTo].sort()).toEqual(
        [
          'ann@example.test',
          'bob@example.test',
          'carl@example.test',
          'audit@example.test',
          'archive@example.test',
        ].sort(),
      );

      const head = wireHeaders(mail);
      expect(head).toMatch(/^Subject: =\?UTF-8\?[BQ]\?/m);
      expect(head).toMatch(/^From: =\?UTF-8\?[BQ]\?\S+\?= <team@example\.test>/m);
      expect(/^[\x20-\x7e\r\n\t]*$/.test(head)).toBe(true);
      expect(mail.raw.toString('latin1')).not.toMatch(/audit@example\.test|archive@example\.test/);
      expect(head).not.toMatch(/^Bcc:/im);

      const parsed: ParsedMail = await simpleParser(mail.raw);
      expect(parsed.messageId).toBe(sent.providerMessageId);
      expect(parsed.subject).toBe('Grüße — Rechnung #2891 🧾');
      expect(parsed.from?.value).toEqual([{ address: 'team@example.test', name: 'Zoë Åström' }]);
      expect(addressesOf(parsed.to)).toEqual(['ann@example.test', 'bob@example.test']);
      expect(addressesOf(parsed.cc)).toEqual(['carl@example.test']);
      expect(parsed.bcc).toBeUndefined();
      expect(addressesOf(parsed.replyTo)).toEqual(['help@example.test']);
      expect(parsed.text?.trim()).toBe('Hallo Ann, anbei die Rechnung.');
      expect(parsed.html).toBe('<p>Hallo Ann, anbei die <b>Rechnung</b>.</p>');
      expect(parsed.headers.get('x-campaign')).toBe('spring-2025');
      // mailparser leaves unknown headers as written: RFC 2047 for the non-ASCII value.
      expect(parsed.headers.get('x-priority-note')).toBe('=?UTF-8?Q?dringend_=E2=9C=93?=');
      expect(parsed.headers.get('x-switchboard-tags')).toBe('category=receipt; tier=gold%3B%20vip');
      expect(
        parsed.attachments.map(({ filename, contentType, content }) => ({
          filename,
          contentType,
          sha256: sha256(content),
        })),
      ).toEqual([
        { filename: 'rechnung-2891.pdf', contentType: 'application/pdf', sha256: sha256(invoice) },
        { filename: 'notizen.txt', contentType: 'text/plain', sha256: sha256(notes) },
      ]);
    });

    it("uses the provider's default sender when the message names none", async () => {
      await provider.send(message({ subject: 'Hello', text: 'plain' }));
      const [mail] = await receiver.waitForMessages(1);
      expect(mail.mailFrom).toBe(FROM);
      const parsed = await simpleParser(mail.raw);
      expect(parsed.from?.value).toEqual([{ address: FROM, name: '' }]);
      expect(parsed.headers.has('x-switchboard-tags')).toBe(false);
    });

    it('reuses one pooled connection for several messages, and closes it with the provider', async () => {
      const pooled = smtpProvider({ host: '127.0.0.1', port: receiver.port, maxConnections: 1 });
      for (const subject of ['one', 'two', 'three'])
        await pooled.send(message({ subject, text: subject }));
      await receiver.waitForMessages(3);
      expect(receiver.opened).toHaveLength(1);
      expect(receiver.closed).toHaveLength(0);
      await pooled.close?.();
      await until(() => receiver.closed.length === 1, 'the pooled connection to close');
    });

    it('opens a connection per message without the pool', async () => {
      const unpooled = smtpProvider({ host: '127.0.0.1', port: receiver.port, pool: false });
      for (const subject of ['one', 'two'])
        await unpooled.send(message({ subject, text: subject }));
      await receiver.waitForMessages(2);
      expect(receiver.opened).toHaveLength(2);
      await unpooled.close?.();
    });

    it('is SENT when the server takes some recipients, which then get the message', async () => {
      const sent = await provider.send(
        message({ subject: 'partly', text: 'x' }, [
          'ann@example.test',
          'reject-550-5.1.1@example.test',
        ]),
      );
      expect(sent.status).toBe('SENT');
      const [mail] = await receiver.waitForMessages(1);
      expect(mail.rcptTo).toEqual(['ann@example.test']);
    });

    describe('maps what the server refuses', () => {
      it.each<[string, string[], Record<string, unknown>, ErrorCategory, RegExp]>([
        [
          'an unknown mailbox (550 5.1.1 to RCPT TO)',
          ['reject-550-5.1.1@example.test'],
          {},
          'INVALID_RECIPIENT',
          /^the mailbox does not exist \(SMTP 550 5\.1\.1 refused reject-550-5\.1\.1@example\.test \(scripted\)\)$/,
        ],
        [
          'a refused mailbox name (553 5.7.1 to RCPT TO)',
          ['reject-553-5.7.1@example.test'],
          {},
          'INVALID_RECIPIENT',
          /^the mailbox name is not allowed \(SMTP 553 5\.7\.1/,
        ],
        [
          'too many recipients for now (452 4.5.3 to RCPT TO)',
          ['reject-452-4.5.3@example.test'],
          {},
          'RATE_LIMITED',
          /takes no more for now .*\(SMTP 452 4\.5\.3/,
        ],
        [
          'a busy mailbox (450 4.2.1 to RCPT TO)',
          ['reject-450-4.2.1@example.test'],
          {},
          'RATE_LIMITED',
          /deferred the message \(mailbox busy, or sending too fast\) \(SMTP 450 4\.2\.1/,
        ],
        [
          'a message too big (552 5.3.4 after DATA)',
          ['data-552-5.3.4@example.test'],
          {},
          'CONTENT_REJECTED',
          /size limit \(SMTP 552 5\.3\.4/,
        ],
        [
          'a local error (451 4.3.0 after DATA)',
          ['data-451-4.3.0@example.test'],
          {},
          'PROVIDER_OUTAGE',
          /local error \(SMTP 451 4\.3\.0/,
        ],
        [
          'a closing server (421 4.3.2 after DATA)',
          ['data-421-4.3.2@example.test'],
          {},
          'PROVIDER_OUTAGE',
          /not available and closed the connection/,
        ],
        [
          'content it will not take (554 5.6.0 after DATA)',
          ['data-554-5.6.0@example.test'],
          {},
          'CONTENT_REJECTED',
          /^the SMTP server refused the message \(SMTP 554 5\.6\.0/,
        ],
        [
          'the sender (553 5.7.1 to MAIL FROM)',
          ['ann@example.test'],
          { from: 'reject-553-5.7.1@example.test' },
          'CONFIGURATION_ERROR',
          /^the SMTP server refused the sender address \(SMTP 553 5\.7\.1/,
        ],
      ])('%s', async (_case, to, content, category, reason) => {
        const error = await failureOf(
          provider.send(message({ subject: 's', text: 't', ...content }, to)),
        );
        expect(error.category).toBe(category);
        expect(error.message).toMatch(reason);
        expect(receiver.messages).toHaveLength(0);
      });
    });

    it('offers no TLS, so requireTls refuses to send in the clear', async () => {
      const strict = smtpProvider({ host: '127.0.0.1', port: receiver.port, requireTls: true });
      const error = await failureOf(strict.send(message({ subject: 's', text: 't' })));
      expect(error.category).toBe('PROVIDER_OUTAGE');
      expect(error.message).toMatch(/^TLS with the SMTP server failed: .*STARTTLS/);
      await strict.close?.();
    });
  });

  describe('connection failures', () => {
    let silent: Server;
    const sockets: Socket[] = [];

    beforeAll(async () => {
      silent = createServer((socket) => sockets.push(socket));
      await new Promise<void>((listening) => silent.listen(0, '127.0.0.1', listening));
    });
    afterAll(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((closed) => silent.close(closed));
    });

    it('a refused connection is PROVIDER_OUTAGE', async () => {
      const closed = smtpProvider({ host: '127.0.0.1', port: await freePort() });
      const error = await failureOf(closed.send(message({ subject: 's', text: 't' })));
      expect(error.category).toBe('PROVIDER_OUTAGE');
      expect(error.message).toMatch(/^could not reach the SMTP server: connect ECONNREFUSED/);
    });

    it('a host that does not resolve is PROVIDER_OUTAGE', async () => {
      const nowhere = smtpProvider({ host: 'smtp.nowhere.invalid', port: 25 });
      const error = await failureOf(nowhere.send(message({ subject: 's', text: 't' })));
      expect(error.category).toBe('PROVIDER_OUTAGE');
      expect(error.message).toMatch(/^could not reach the SMTP server: .*smtp\.nowhere\.invalid/);
    });

    it('a server that never greets is TIMEOUT, within the provider timeout', async () => {
      const mute = smtpProvider({
        host: '127.0.0.1',
        port: (silent.address() as AddressInfo).port,
      });
      const started = Date.now();
      const error = await failureOf(mute.send(message({ subject: 's', text: 't' })));
      expect(error.category).toBe('TIMEOUT');
      expect(error.message).toMatch(
        new RegExp(`^the SMTP server did not answer: no answer within ${TIMEOUT_MS} ms`),
      );
      expect(Date.now() - started).toBeLessThan(TIMEOUT_MS * 3);
      await mute.close?.();
    });
  });

  describe('TLS', () => {
    let certificate: TestCertificate;
    let implicit: SmtpReceiver;
    let starttls: SmtpReceiver;

    beforeAll(async () => {
      certificate = selfSignedCertificate();
      const files = { keyFile: certificate.keyFile, certFile: certificate.certFile };
      [implicit, starttls] = await Promise.all([
        startSmtpReceiver({ secure: true, starttls: false, ...files }),
        startSmtpReceiver({ secure: false, starttls: true, ...files }),
      ]);
    });
    afterAll(async () => {
      await Promise.all([implicit.stop(), starttls.stop()]);
      certificate.remove();
    });

    it('checks the certificate by default: a self-signed one is refused', async () => {
      const checking = smtpProvider({ url: `smtps://127.0.0.1:${implicit.port}` });
      const error = await failureOf(checking.send(message({ subject: 's', text: 't' })));
      expect(error.category).toBe('PROVIDER_OUTAGE');
      expect(error.message).toMatch(/^TLS with the SMTP server failed: .*self-signed certificate/);
      expect(implicit.messages).toHaveLength(0);
      await checking.close?.();
    });

    it('delivers over TLS from the first byte (smtps://) when told to trust the certificate', async () => {
      const trusting = smtpProvider({
        url: `smtps://127.0.0.1:${implicit.port}`,
        tlsRejectUnauthorized: false,
      });
      await trusting.send(message({ subject: 'over TLS', text: 'secret' }));
      const [mail] = await implicit.waitForMessages(1);
      expect(mail.secure).toBe(true);
      expect((await simpleParser(mail.raw)).subject).toBe('over TLS');
      await trusting.close?.();
    });

    it('upgrades with STARTTLS when required', async () => {
      const upgrading = smtpProvider({
        host: '127.0.0.1',
        port: starttls.port,
        requireTls: true,
        tlsRejectUnauthorized: false,
      });
      await upgrading.send(message({ subject: 'upgraded', text: 'x' }));
      const [mail] = await starttls.waitForMessages(1);
      expect(mail.secure).toBe(true);
      await upgrading.close?.();
    });
  });

  describe('a server that demands AUTH', () => {
    const USER = 'mailer';
    const PASSWORD = 'correct horse battery staple';
    let receiver: SmtpReceiver;

    beforeAll(async () => {
      receiver = await startSmtpReceiver({
        secure: false,
        starttls: false,
        auth: { user: USER, pass: PASSWORD },
      });
    });
    afterAll(async () => {
      await receiver.stop();
    });
    beforeEach(() => {
      receiver.reset();
    });

    it('refuses a wrong password as AUTH_ERROR, without echoing it', async () => {
      const wrong = smtpProvider({
        url: `smtp://${USER}:${encodeURIComponent('wrong password')}@127.0.0.1:${receiver.port}`,
      });
      const error = await failureOf(wrong.send(message({ subject: 's', text: 't' })));
      expect(error.category).toBe('AUTH_ERROR');
      expect(error.message).toMatch(/\(SMTP 535 5\.7\.8 Authentication credentials invalid/);
      expect(error.message).not.toContain('wrong password');
      expect(receiver.messages).toHaveLength(0);
      await wrong.close?.();
    });

    it('refuses a send without credentials as AUTH_ERROR', async () => {
      const anonymous = smtpProvider({ host: '127.0.0.1', port: receiver.port });
      const error = await failureOf(anonymous.send(message({ subject: 's', text: 't' })));
      expect(error.category).toBe('AUTH_ERROR');
      expect(error.message).toMatch(/requires authentication \(set user and pass/);
      await anonymous.close?.();
    });

    it('delivers with the right password', async () => {
      const right = smtpProvider({
        host: '127.0.0.1',
        port: receiver.port,
        user: USER,
        pass: PASSWORD,
      });
      await right.send(message({ subject: 'authenticated', text: 'x' }));
      const [mail] = await receiver.waitForMessages(1);
      expect(mail.user).toBe(USER);
      await right.close?.();
    });
  });
});

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
