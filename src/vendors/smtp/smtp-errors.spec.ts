import { ProviderError } from '../../contract/provider';
import {
  SMTP_ENHANCED_CODES,
  SMTP_REPLY_CODES,
  type SmtpFailure,
  smtpFailureMeaning,
  smtpProviderError,
} from './smtp-errors';
import type { ErrorCategory } from '../../contract/error-category';

/** A reply as the client describes it: the code, the enhanced code in its text, the command. */
const reply = (code: number, command = 'DATA', enhanced?: string): SmtpFailure => ({
  kind: 'reply',
  code,
  command,
  message: `${code}${enhanced ? ` ${enhanced}` : ''} as the server words it`,
  ...(enhanced === undefined ? {} : { enhanced }),
});

describe('SMTP reply code table', () => {
  it.each<[number, string, ErrorCategory, RegExp]>([
    [421, 'MAIL FROM', 'PROVIDER_OUTAGE', /not available and closed the connection/],
    [450, 'RCPT TO', 'RATE_LIMITED', /deferred the message/],
    [451, 'DATA', 'PROVIDER_OUTAGE', /local error/],
    [452, 'RCPT TO', 'RATE_LIMITED', /takes no more for now/],
    [500, 'EHLO', 'CONFIGURATION_ERROR', /did not understand a command/],
    [503, 'MAIL FROM', 'PROVIDER_OUTAGE', /out of sequence/],
    [530, 'MAIL FROM', 'AUTH_ERROR', /requires authentication/],
    [534, 'AUTH PLAIN', 'AUTH_ERROR', /mechanism as too weak/],
    [535, 'AUTH PLAIN', 'AUTH_ERROR', /refused the user name and password/],
    [538, 'AUTH LOGIN', 'AUTH_ERROR', /requires encryption to authenticate/],
    [550, 'RCPT TO', 'INVALID_RECIPIENT', /mailbox is unavailable/],
    [551, 'RCPT TO', 'INVALID_RECIPIENT', /not local to the server/],
    [552, 'DATA', 'CONTENT_REJECTED', /exceeds the server's size limit/],
    [553, 'RCPT TO', 'INVALID_RECIPIENT', /mailbox name is not allowed/],
    [554, 'DATA', 'CONTENT_REJECTED', /refused the message/],
  ])('maps %i (to %s) to %s', (code, command, category, reason) => {
    const meaning = smtpFailureMeaning(reply(code, command));
    expect(meaning.category).toBe(category);
    expect(meaning.message).toMatch(reason);
    expect(meaning.message).toContain(`(SMTP ${code} as the server words it)`);
  });

  it('has a test row for every code it maps', () => {
    expect(Object.keys(SMTP_REPLY_CODES)).toHaveLength(15);
  });
});

describe('SMTP enhanced status codes', () => {
  it.each<[string, number, ErrorCategory, RegExp]>([
    ['5.1.1', 550, 'INVALID_RECIPIENT', /mailbox does not exist/],
    ['5.1.2', 550, 'INVALID_RECIPIENT', /domain does not exist/],
    ['5.1.3', 501, 'INVALID_RECIPIENT', /address is malformed/],
    ['5.1.10', 550, 'INVALID_RECIPIENT', /null MX/],
    ['5.2.1', 550, 'INVALID_RECIPIENT', /mailbox is disabled/],
    ['5.2.2', 552, 'INVALID_RECIPIENT', /mailbox is full/],
    ['5.3.4', 554, 'CONTENT_REJECTED', /size limit/],
    ['5.7.8', 535, 'AUTH_ERROR', /refused the credentials/],
  ])('maps %s (in a %i reply to RCPT TO) to %s', (enhanced, code, category, reason) => {
    const meaning = smtpFailureMeaning(reply(code, 'RCPT TO', enhanced));
    expect(meaning.category).toBe(category);
    expect(meaning.message).toMatch(reason);
  });

  it('has a test row for every code it maps', () => {
    expect(Object.keys(SMTP_ENHANCED_CODES)).toHaveLength(8);
  });

  it('lets an unknown enhanced code fall back to the reply code', () => {
    expect(smtpFailureMeaning(reply(550, 'RCPT TO', '5.7.1')).category).toBe('INVALID_RECIPIENT');
  });
});

describe('SMTP replies by command and class', () => {
  it.each<[string, SmtpFailure, ErrorCategory, RegExp]>([
    [
      'a refused sender (553 to MAIL FROM)',
      reply(553, 'MAIL FROM', '5.7.1'),
      'CONFIGURATION_ERROR',
      /refused the sender address/,
    ],
    [
      'a refused sender whose text names a recipient code (550 5.1.1 to MAIL FROM)',
      reply(550, 'MAIL FROM', '5.1.1'),
      'CONFIGURATION_ERROR',
      /refused the sender address/,
    ],
    [
      'a size refusal of MAIL FROM (552 5.3.4, the SIZE parameter)',
      reply(552, 'MAIL FROM', '5.3.4'),
      'CONTENT_REJECTED',
      /size limit/,
    ],
    [
      'an authentication reply to MAIL FROM (530)',
      reply(530, 'MAIL FROM', '5.7.0'),
      'AUTH_ERROR',
      /requires authentication/,
    ],
    [
      'an unknown permanent reply to RCPT TO (559)',
      reply(559, 'RCPT TO'),
      'INVALID_RECIPIENT',
      /refused the recipient/,
    ],
    [
      'an unknown permanent reply to DATA (557)',
      reply(557, 'DATA'),
      'CONTENT_REJECTED',
      /refused the message/,
    ],
    [
      'an unknown transient reply (454)',
      reply(454, 'STARTTLS', '4.7.0'),
      'PROVIDER_OUTAGE',
      /deferred the message/,
    ],
    [
      'a transient recipient reply (452 4.1.1 to RCPT TO)',
      reply(452, 'RCPT TO', '4.1.1'),
      'RATE_LIMITED',
      /takes no more for now/,
    ],
  ])('maps %s', (_case, failure, category, reason) => {
    const meaning = smtpFailureMeaning(failure);
    expect(meaning.category).toBe(category);
    expect(meaning.message).toMatch(reason);
  });
});

describe('SMTP failures without a reply', () => {
  it.each<[SmtpFailure, ErrorCategory, string]>([
    [
      { kind: 'network', message: 'connect ECONNREFUSED 127.0.0.1:25' },
      'PROVIDER_OUTAGE',
      'could not reach the SMTP server: connect ECONNREFUSED 127.0.0.1:25',
    ],
    [
      { kind: 'tls', message: 'self-signed certificate' },
      'PROVIDER_OUTAGE',
      'TLS with the SMTP server failed: self-signed certificate',
    ],
    [
      { kind: 'timeout', message: 'no answer within 500 ms (Greeting never received)' },
      'TIMEOUT',
      'the SMTP server did not answer: no answer within 500 ms (Greeting never received)',
    ],
    [
      { kind: 'auth', message: 'Missing credentials for "PLAIN"' },
      'AUTH_ERROR',
      'could not authenticate with the SMTP server: Missing credentials for "PLAIN"',
    ],
    [
      { kind: 'refused', message: 'No recipients defined' },
      'CONFIGURATION_ERROR',
      'the message was refused before sending: No recipients defined',
    ],
  ])('maps a %j', (failure, category, message) => {
    expect(smtpFailureMeaning(failure)).toEqual({ category, message });
  });

  it('becomes a ProviderError of the category', () => {
    const error = smtpProviderError(reply(550, 'RCPT TO', '5.1.1'));
    expect(error).toBeInstanceOf(ProviderError);
    expect(error.category).toBe('INVALID_RECIPIENT');
    expect(error.message).toBe(
      'the mailbox does not exist (SMTP 550 5.1.1 as the server words it)',
    );
  });
});
