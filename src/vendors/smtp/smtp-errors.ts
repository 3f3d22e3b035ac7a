import { ProviderError } from '../../contract/provider';
import type { ErrorCategory } from '../../contract/error-category';

/** An SMTP reply code (or enhanced status code) on the gateway's categories. */
export interface SmtpErrorMeaning {
  readonly category: ErrorCategory;
  readonly reason: string;
}

/** Why a send failed, in plain terms; messages never carry the password. */
export type SmtpFailure =
  /** The server answered a command with an error reply. */
  | {
      readonly kind: 'reply';
      readonly code: number;
      /** RFC 3463 enhanced status code from the reply text (`5.1.1`), when the server gave one. */
      readonly enhanced?: string;
      /** The command the reply answered (`RCPT TO`, `MAIL FROM`, `DATA`, `AUTH PLAIN`...). */
      readonly command?: string;
      /** The reply as the server worded it. */
      readonly message: string;
    }
  /** Connecting failed or the connection dropped (refused, reset, DNS). */
  | { readonly kind: 'network'; readonly message: string }
  /** TLS could not be set up (certificate, handshake, STARTTLS missing when required). */
  | { readonly kind: 'tls'; readonly message: string }
  | { readonly kind: 'timeout'; readonly message: string }
  /** Authentication could not be done (no credentials, no mechanism in common). */
  | { readonly kind: 'auth'; readonly message: string }
  /** Nodemailer refused the message before sending it. */
  | { readonly kind: 'refused'; readonly message: string };

/**
 * Enhanced status codes (RFC 3463) say more than the three digits, so they are looked up first.
 */
export const SMTP_ENHANCED_CODES: Readonly<Partial<Record<string, SmtpErrorMeaning>>> = {
  '5.1.1': { category: 'INVALID_RECIPIENT', reason: 'the mailbox does not exist' },
  '5.1.2': {
    category: 'INVALID_RECIPIENT',
    reason: "the recipient's domain does not exist or takes no mail",
  },
  '5.1.3': { category: 'INVALID_RECIPIENT', reason: 'the recipient address is malformed' },
  '5.1.10': {
    category: 'INVALID_RECIPIENT',
    reason: "the recipient's domain takes no mail (null MX)",
  },
  '5.2.1': { category: 'INVALID_RECIPIENT', reason: 'the mailbox is disabled' },
  '5.2.2': { category: 'INVALID_RECIPIENT', reason: 'the mailbox is full' },
  '5.3.4': { category: 'CONTENT_REJECTED', reason: "the message exceeds the server's size limit" },
  '5.7.8': { category: 'AUTH_ERROR', reason: 'the SMTP server refused the credentials' },
};

/**
 * The one table of SMTP reply codes (RFC 5321). 4xx replies are transient: they retry, then
 * fail over; authentication replies fail over at once; recipient and content replies are final.
 */
export const SMTP_REPLY_CODES: Readonly<Partial<Record<number, SmtpErrorMeaning>>> = {
  421: {
    category: 'PROVIDER_OUTAGE',
    reason: 'the SMTP server is not available and closed the connection',
  },
  450: {
    category: 'RATE_LIMITED',
    reason: 'the SMTP server deferred the message (mailbox busy, or sending too fast)',
  },
  451: { category: 'PROVIDER_OUTAGE', reason: 'the SMTP server had a local error' },
  452: {
    category: 'RATE_LIMITED',
    reason: 'the SMTP server takes no more for now (out of storage, or too many recipients)',
  },
  500: {
    category: 'CONFIGURATION_ERROR',
    reason: 'the SMTP server did not understand a command',
  },
  503: {
    category: 'PROVIDER_OUTAGE',
    reason: 'the SMTP server found the commands out of sequence',
  },
  530: {
    category: 'AUTH_ERROR',
    reason: 'the SMTP server requires authentication (set user and pass, or put them in the URL)',
  },
  534: {
    category: 'AUTH_ERROR',
    reason: 'the SMTP server refused the authentication mechanism as too weak',
  },
  535: { category: 'AUTH_ERROR', reason: 'the SMTP server refused the user name and password' },
  538: {
    category: 'AUTH_ERROR',
    reason: 'the SMTP server requires encryption to authenticate (use smtps:// or requireTls)',
  },
  550: {
    category: 'INVALID_RECIPIENT',
    reason: 'the mailbox is unavailable (it does not exist, or refuses mail)',
  },
  551: { category: 'INVALID_RECIPIENT', reason: 'the recipient is not local to the server' },
  552: { category: 'CONTENT_REJECTED', reason: "the message exceeds the server's size limit" },
  553: { category: 'INVALID_RECIPIENT', reason: 'the mailbox name is not allowed' },
  554: { category: 'CONTENT_REJECTED', reason: 'the SMTP server refused the message' },
};

/** Categories whose meaning depends on the command the reply answers (see replyMeaning). */
const COMMAND_DEPENDENT: readonly ErrorCategory[] = ['INVALID_RECIPIENT', 'CONTENT_REJECTED'];

const SENDER_REFUSED: SmtpErrorMeaning = {
  category: 'CONFIGURATION_ERROR',
  reason: 'the SMTP server refused the sender address',
};
const RECIPIENT_REFUSED: SmtpErrorMeaning = {
  category: 'INVALID_RECIPIENT',
  reason: 'the SMTP server refused the recipient',
};
const MESSAGE_REFUSED: SmtpErrorMeaning = {
  category: 'CONTENT_REJECTED',
  reason: 'the SMTP server refused the message',
};
const DEFERRED: SmtpErrorMeaning = {
  category: 'PROVIDER_OUTAGE',
  reason: 'the SMTP server deferred the message',
};

type SmtpReply = Extract<SmtpFailure, { kind: 'reply' }>;

const isSizeRefusal = (reply: SmtpReply): boolean =>
  reply.code === 552 || reply.enhanced === '5.3.4';

/**
 * The enhanced code wins over the reply code. Recipient and content meanings depend on the
 * command: a permanent refusal of MAIL FROM is about the sender (every message from it would
 * fail) unless it refuses the size, and an unknown one of RCPT TO is about the recipient.
 */
function replyMeaning(reply: SmtpReply): SmtpErrorMeaning {
  const enhanced = reply.enhanced === undefined ? undefined : SMTP_ENHANCED_CODES[reply.enhanced];
  const meaning = enhanced ?? SMTP_REPLY_CODES[reply.code];
  if (meaning && !COMMAND_DEPENDENT.includes(meaning.category)) return meaning;
  if (reply.code < 500) return meaning ?? DEFERRED;
  if (reply.command === 'MAIL FROM' && !isSizeRefusal(reply)) return SENDER_REFUSED;
  if (meaning) return meaning;
  return reply.command === 'RCPT TO' ? RECIPIENT_REFUSED : MESSAGE_REFUSED;
}

/** A failed send in the gateway's terms: category and a message safe to record. */
export function smtpFailureMeaning(failure: SmtpFailure): {
  readonly category: ErrorCategory;
  readonly message: string;
} {
  switch (failure.kind) {
    case 'reply': {
      const { category, reason } = replyMeaning(failure);
      return { category, message: `${reason} (SMTP ${failure.message})` };
    }
    case 'network':
      return {
        category: 'PROVIDER_OUTAGE',
        message: `could not reach the SMTP server: ${failure.message}`,
      };
    case 'tls':
      return {
        category: 'PROVIDER_OUTAGE',
        message: `TLS with the SMTP server failed: ${failure.message}`,
      };
    case 'timeout':
      return { category: 'TIMEOUT', message: `the SMTP server did not answer: ${failure.message}` };
    case 'auth':
      return {
        category: 'AUTH_ERROR',
        message: `could not authenticate with the SMTP server: ${failure.message}`,
      };
    case 'refused':
      return {
        category: 'CONFIGURATION_ERROR',
        message: `the message was refused before sending: ${failure.message}`,
      };
  }
}

export function smtpProviderError(failure: SmtpFailure): ProviderError {
  const { category, message } = smtpFailureMeaning(failure);
  return new ProviderError(category, message);
}
