/**
 * A receiving SMTP server (the `smtp-server` package) in its own process, started by
 * test/support/smtp-receiver.ts, which it tells over IPC what it received. Configured with the
 * JSON in SMTP_RECEIVER_CONFIG (see SmtpReceiverConfig).
 *
 * Scripted refusals, chosen by address so that a test needs no other channel to the server:
 * - a sender or recipient `reject-<code>-<enhanced>@…` is refused at MAIL FROM / RCPT TO with
 *   `<code> <enhanced> …` (e.g. `reject-550-5.1.1@example.test`);
 * - a recipient `data-<code>-<enhanced>@…` is accepted, and the message refused after DATA.
 */
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerAddress, type SMTPServerSession } from 'smtp-server';

export interface SmtpReceiverConfig {
  /** TLS from the first byte (smtps). */
  readonly secure: boolean;
  /** Offer STARTTLS (on a plain connection); needs the certificate. */
  readonly starttls: boolean;
  readonly keyFile?: string;
  readonly certFile?: string;
  /** Demand AUTH with these credentials. */
  readonly auth?: { readonly user: string; readonly pass: string };
}

/** What the server reports to the test process. */
export type SmtpReceiverEvent =
  | { readonly type: 'listening'; readonly port: number }
  | { readonly type: 'connect'; readonly session: string }
  | { readonly type: 'close'; readonly session: string }
  | {
      readonly type: 'message';
      readonly session: string;
      readonly mailFrom: string;
      readonly rcptTo: string[];
      /** Whether the connection was encrypted, and who authenticated (if anyone). */
      readonly secure: boolean;
      readonly user?: string;
      /** The message as received, base64. */
      readonly raw: string;
    };

const SCRIPTED = /^(reject|data)-(\d{3})-(\d\.\d{1,3}\.\d{1,3})@/;

const report = (event: SmtpReceiverEvent): void => {
  process.send?.(event);
};

const refusal = (code: number, enhanced: string, what: string): Error =>
  Object.assign(new Error(`${enhanced} ${what} (scripted)`), { responseCode: code });

function scripted(address: SMTPServerAddress, kind: 'reject' | 'data'): Error | undefined {
  const match = SCRIPTED.exec(address.address);
  if (!match || match[1] !== kind) return undefined;
  return refusal(Number(match[2]), match[3], `refused ${address.address}`);
}

const addressOf = (value: SMTPServerSession['envelope']['mailFrom']): string =>
  value === false ? '' : value.address;

const config = JSON.parse(process.env.SMTP_RECEIVER_CONFIG ?? '{}') as SmtpReceiverConfig;
const { auth } = config;

const server = new SMTPServer({
  secure: config.secure,
  ...(config.keyFile && config.certFile
    ? { key: readFileSync(config.keyFile), cert: readFileSync(config.certFile) }
    : {}),
  disabledCommands: config.starttls || config.secure ? [] : ['STARTTLS'],
  authOptional: auth === undefined,
  allowInsecureAuth: true,
  logger: false,
  onConnect(session, callback) {
    report({ type: 'connect', session: session.id });
    callback();
  },
  onClose(session) {
    report({ type: 'close', session: session.id });
  },
  onAuth(credentials, _session, callback) {
    if (auth && credentials.username === auth.user && credentials.password === auth.pass) {
      callback(null, { user: credentials.username });
      return;
    }
    callback(refusal(535, '5.7.8', 'Authentication credentials invalid'));
  },
  onMailFrom(address, _session, callback) {
    callback(scripted(address, 'reject'));
  },
  onRcptTo(address, _session, callback) {
    callback(scripted(address, 'reject'));
  },
  onData(stream, session, callback) {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => {
      const refused = session.envelope.rcptTo
        .map((address) => scripted(address, 'data'))
        .find((error) => error !== undefined);
      if (refused) {
        callback(refused);
        return;
      }
      report({
        type: 'message',
        session: session.id,
        mailFrom: addressOf(session.envelope.mailFrom),
        rcptTo: session.envelope.rcptTo.map(({ address }) => address),
        secure: session.secure,
        ...(typeof session.user === 'string' ? { user: session.user } : {}),
        raw: Buffer.concat(chunks).toString('base64'),
      });
      callback(null, 'queued');
    });
  },
});

// A client that drops the connection (one refusing the certificate) is no reason to stop.
server.on('error', (error) => {
  process.stderr.write(`smtp-receiver: ${error.message}\n`);
});

server.listen(0, '127.0.0.1', () => {
  report({ type: 'listening', port: (server.server.address() as AddressInfo).port });
});

process.on('disconnect', () => {
  server.close(() => process.exit(0));
});
