import { createTransport, type Transporter } from 'nodemailer';
import type { SMTPSentMessageInfo, SMTPTransportOptions } from 'nodemailer/lib/smtp-transport';
import type { SmtpFailure } from './smtp-errors';
import { nodemailerMessage } from '../../contract/content/email-mime';
import type { OutgoingEmail } from '../../contract/content/outgoing-email';
import type { SmtpOptions } from './smtp-options';

export type SmtpClientOptions = Omit<SmtpOptions, 'from'> & {
  /** How long to wait for connecting, the greeting and each reply. */
  readonly timeoutMs: number;
};

/** A recipient the server refused while it took the message for the others. */
export interface SmtpRejection {
  readonly recipient: string;
  readonly failure: SmtpFailure;
}

export type SmtpResult =
  /** The server took the message; the Message-ID it was sent with, and whom it refused. */
  | {
      readonly ok: true;
      readonly messageId: string;
      readonly rejected: readonly SmtpRejection[];
    }
  | { readonly ok: false; readonly failure: SmtpFailure };

const MAX_MESSAGE_LENGTH = 300;
/** Nodemailer's codes for a connection that failed or dropped, and for DNS. */
const NETWORK_CODES = ['ESOCKET', 'ECONNECTION', 'EDNS', 'EPROXY'];
const AUTH_CODES = ['EAUTH', 'ENOAUTH'];
/** Node's and OpenSSL's codes for certificate and handshake failures. */
const TLS_ORIGINAL_CODE = /CERT|SSL|TLS/;
/** RFC 3463: `550 5.1.1 …` or `550-5.1.1 …`. */
const ENHANCED_CODE = /^\d{3}[ -]([245]\.\d{1,3}\.\d{1,3})\b/;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

const textOf = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/** The one wrapper of nodemailer's SMTP transport: vendor types and errors stay in here. */
export class SmtpClient {
  private readonly transport: Transporter<SMTPSentMessageInfo>;

  constructor(private readonly options: SmtpClientOptions) {
    this.transport = SmtpClient.transport(options);
  }

  /**
   * Sends the email to every recipient it names, or, with `onlyTo`, to that one address alone
   * (the envelope; the headers stay as they are).
   */
  async send(email: OutgoingEmail, onlyTo?: string): Promise<SmtpResult> {
    const message = nodemailerMessage(email);
    try {
      const info = await this.transport.sendMail({
        ...message,
        ...(onlyTo === undefined ? {} : { envelope: { from: email.from.address, to: [onlyTo] } }),
        // Past the timeout the dispatcher has given up: a message still queued in the pool, or
        // mid-transfer, is withdrawn rather than delivered behind the retry's back.
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      return { ok: true, messageId: info.messageId, rejected: this.rejections(info) };
    } catch (error) {
      return { ok: false, failure: this.describe(error) };
    }
  }

  /** Closes pooled connections; one that is delivering finishes its message first. */
  close(): void {
    this.transport.close();
  }

  private static transport(options: SmtpClientOptions): Transporter<SMTPSentMessageInfo> {
    const connection: SMTPTransportOptions = {
      host: options.host,
      port: options.port,
      secure: options.secure,
      requireTLS: options.requireTls,
      tls: { rejectUnauthorized: options.tlsRejectUnauthorized },
      ...(options.user === undefined ? {} : { auth: { user: options.user, pass: options.pass } }),
      connectionTimeout: options.timeoutMs,
      greetingTimeout: options.timeoutMs,
      socketTimeout: options.timeoutMs,
      dnsTimeout: options.timeoutMs,
      disableFileAccess: true,
      disableUrlAccess: true,
    };
    if (!options.pool) return createTransport(connection);
    return createTransport({ ...connection, pool: true, maxConnections: options.maxConnections });
  }

  /** The recipients refused at RCPT TO, each with the server's reply. */
  private rejections(info: SMTPSentMessageInfo): SmtpRejection[] {
    const errors: readonly unknown[] = info.rejectedErrors ?? [];
    return errors.flatMap((error) => {
      const recipient = isRecord(error) ? textOf(error.recipient) : undefined;
      return recipient === undefined ? [] : [{ recipient, failure: this.describe(error) }];
    });
  }

  private describe(error: unknown): SmtpFailure {
    const record = isRecord(error) ? error : {};
    const code = textOf(record.code) ?? '';
    const originalCode = textOf(record.originalCode);
    const message = this.clean(textOf(record.message) ?? 'unknown error');
    if (code === 'ETIMEDOUT' || code === 'EABORT')
      return {
        kind: 'timeout',
        message: `no answer within ${this.options.timeoutMs} ms (${message})`,
      };
    if (code === 'ETLS' || (originalCode !== undefined && TLS_ORIGINAL_CODE.test(originalCode)))
      return { kind: 'tls', message };
    if (typeof record.responseCode === 'number' && record.responseCode >= 400) {
      const reply = this.clean(textOf(record.response) ?? `${record.responseCode}`);
      const enhanced = ENHANCED_CODE.exec(reply)?.[1];
      const command = textOf(record.command);
      return {
        kind: 'reply',
        code: record.responseCode,
        message: reply,
        ...(enhanced === undefined ? {} : { enhanced }),
        ...(command === undefined ? {} : { command }),
      };
    }
    if (AUTH_CODES.includes(code)) return { kind: 'auth', message };
    if (NETWORK_CODES.includes(code)) return { kind: 'network', message };
    return { kind: 'refused', message };
  }

  /** One short line without the password (a reply may echo what was sent). */
  private clean(text: string): string {
    const { pass } = this.options;
    const redacted = pass ? text.split(pass).join('***') : text;
    return redacted.replace(/\s+/g, ' ').trim().slice(0, MAX_MESSAGE_LENGTH);
  }
}
