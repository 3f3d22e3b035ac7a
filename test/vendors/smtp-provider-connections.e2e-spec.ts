import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { freePort } from '../harness/servers';
import {
  selfSignedCertificate,
  type SmtpReceiver,
  startSmtpReceiver,
  type TestCertificate,
} from '../support/smtp-receiver';
import { failureOf } from '../support/provider-failure';
import { TIMEOUT_MS, message, smtpProvider } from './smtp-provider-fixtures';

describe('SMTP provider against a real SMTP server (smtp-server in a child process)', () => {
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
