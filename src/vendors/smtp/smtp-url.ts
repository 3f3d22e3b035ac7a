/** An SMTP server as a URL names it: `smtp://user:pass@host:port` or `smtps://…`. */
export interface SmtpUrl {
  readonly host: string;
  readonly port?: number;
  /** smtps: TLS from the first byte (usually port 465); smtp: STARTTLS when offered. */
  readonly secure: boolean;
  readonly user?: string;
  readonly pass?: string;
}

export type SmtpUrlResult =
  | { readonly ok: true; readonly url: SmtpUrl }
  /** Why the URL cannot be used, worded to follow its name; never repeats the value. */
  | { readonly ok: false; readonly problem: string };

const SHAPE =
  'must be an smtp:// or smtps:// URL with a host, as smtps://user:pass@smtp.example.com:465';

const fail = (problem: string): SmtpUrlResult => ({ ok: false, problem });

function decode(part: string): string | undefined {
  try {
    return decodeURIComponent(part);
  } catch {
    return undefined;
  }
}

/**
 * Reads an SMTP URL. User and password are percent-decoded (a password with `@` or `:` is
 * written `%40`, `%3A`); paths and queries are refused rather than ignored, so that nothing in
 * the URL is silently without effect.
 */
export function parseSmtpUrl(value: string): SmtpUrlResult {
  if (!URL.canParse(value)) return fail(SHAPE);
  const url = new URL(value);
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') return fail(SHAPE);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host === '') return fail(SHAPE);
  if (!['', '/'].includes(url.pathname) || url.search !== '' || url.hash !== '')
    return fail('must not have a path or query: other settings are provider options');
  const user = decode(url.username);
  const pass = decode(url.password);
  if (user === undefined || pass === undefined)
    return fail('has a user or password that is not correctly percent-encoded');
  if ((user === '') !== (pass === ''))
    return fail('must have both a user and a password, or neither');
  return {
    ok: true,
    url: {
      host,
      secure: url.protocol === 'smtps:',
      ...(url.port === '' ? {} : { port: Number(url.port) }),
      ...(user === '' ? {} : { user, pass }),
    },
  };
}
