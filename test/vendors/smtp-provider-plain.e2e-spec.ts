import { simpleParser, type ParsedMail } from 'mailparser';
import { type Provider } from '../../src/contract/provider';
import { until } from '../support/polling';
import { type SmtpReceiver, startSmtpReceiver } from '../support/smtp-receiver';
import { failureOf } from '../support/provider-failure';
import type { ErrorCategory } from '../../src/contract/error-category';
import { FROM, message, smtpProvider } from './smtp-provider-fixtures';
import { sha256, invoice, notes, attachments, addressesOf, wireHeaders } from './smtp-mail';

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
});
