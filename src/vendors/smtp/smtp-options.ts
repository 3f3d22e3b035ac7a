import type { ProviderConfig } from '../../contract/provider';
import { OptionReader } from '../../contract/option-reader';
import { parseSmtpUrl, type SmtpUrl } from './smtp-url';

/** A type-`smtp` provider's own options, checked at start-up. */
export interface SmtpOptions extends SmtpUrl {
  /** Refuse to send unless the connection is encrypted (STARTTLS must succeed). */
  readonly requireTls: boolean;
  /** Check the server's certificate (false only for self-signed test servers). */
  readonly tlsRejectUnauthorized: boolean;
  /** Keep connections open and reuse them across messages. */
  readonly pool: boolean;
  readonly maxConnections: number;
  /** Default sender address, for messages that name none. */
  readonly from?: string;
}

/** Nodemailer's own default, and what most submission servers allow per client. */
const DEFAULT_MAX_CONNECTIONS = 5;
const SERVER_OPTIONS = ['host', 'port', 'secure', 'user', 'pass'] as const;

/** The server: from `url`, or from `host` with `port`, `secure`, `user` and `pass`. */
function server(read: OptionReader): SmtpUrl {
  const url = read.secret('url');
  if (url !== undefined) {
    const clash = SERVER_OPTIONS.find((option) => read.has(option));
    if (clash) read.fail('url', `cannot be combined with ${clash}: the URL names the server`);
    const parsed = parseSmtpUrl(url);
    if (!parsed.ok) read.fail('url', parsed.problem);
    return parsed.url;
  }
  const host = read.text('host');
  if (host === undefined) read.fail('url', 'or host is required');
  const port = read.integer('port', 1, 65535);
  const user = read.text('user');
  const pass = read.secret('pass');
  if ((user === undefined) !== (pass === undefined))
    read.fail(user === undefined ? 'user' : 'pass', 'is required with the other of user and pass');
  return {
    host,
    secure: read.flag('secure', false),
    ...(port === undefined ? {} : { port }),
    ...(user === undefined ? {} : { user, pass }),
  };
}

/** Reads and checks an smtp provider's options; throws naming the provider and the option. */
export function smtpOptions(config: ProviderConfig): SmtpOptions {
  const read: OptionReader = new OptionReader(config);
  const from = read.email('from');
  return {
    ...server(read),
    requireTls: read.flag('requireTls', false),
    tlsRejectUnauthorized: read.flag('tlsRejectUnauthorized', true),
    pool: read.flag('pool', true),
    maxConnections: read.integer('maxConnections', 1, 100) ?? DEFAULT_MAX_CONNECTIONS,
    ...(from === undefined ? {} : { from }),
  };
}
