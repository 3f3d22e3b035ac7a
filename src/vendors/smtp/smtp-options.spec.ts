import { PROVIDER_DEFAULTS } from '../../contract/provider-settings';
import type { ProviderConfig } from '../../contract/provider';
import { smtpOptions } from './smtp-options';

const config = (options: Record<string, unknown>): ProviderConfig => ({
  id: 'smtp-main',
  type: 'smtp',
  channel: 'email',
  ...PROVIDER_DEFAULTS,
  options,
});

const problemOf = (options: Record<string, unknown>): string => {
  try {
    smtpOptions(config(options));
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the options to be refused');
};

describe('smtpOptions', () => {
  it('reads a URL, with pooling and certificate checks on by default', () => {
    expect(smtpOptions(config({ url: 'smtps://mailer:s3cret@smtp.example.com' }))).toEqual({
      host: 'smtp.example.com',
      secure: true,
      user: 'mailer',
      pass: 's3cret',
      requireTls: false,
      tlsRejectUnauthorized: true,
      pool: true,
      maxConnections: 5,
    });
  });

  it('reads the server option by option, and every setting', () => {
    expect(
      smtpOptions(
        config({
          host: ' relay.internal ',
          port: 2525,
          secure: false,
          user: 'mailer',
          pass: ' spaced secret ',
          requireTls: true,
          tlsRejectUnauthorized: false,
          pool: false,
          maxConnections: 2,
          from: 'billing@example.com',
        }),
      ),
    ).toEqual({
      host: 'relay.internal',
      port: 2525,
      secure: false,
      user: 'mailer',
      pass: ' spaced secret ',
      requireTls: true,
      tlsRejectUnauthorized: false,
      pool: false,
      maxConnections: 2,
      from: 'billing@example.com',
    });
  });

  it('needs no credentials', () => {
    expect(smtpOptions(config({ host: 'relay.internal' }))).toMatchObject({
      host: 'relay.internal',
      secure: false,
    });
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['no server', {}, 'option url or host is required'],
    [
      'a URL and a host',
      { url: 'smtp://a.example.com', host: 'b.example.com' },
      'option url cannot be combined with host',
    ],
    [
      'a URL and a password',
      { url: 'smtp://a.example.com', pass: 'x' },
      'option url cannot be combined with pass',
    ],
    [
      'a malformed URL',
      { url: 'smtp://u:secret-pw@' },
      'option url must be an smtp:// or smtps://',
    ],
    [
      'a port that is text',
      { host: 'h', port: '25' },
      'option port must be an integer from 1 to 65535',
    ],
    [
      'a port out of range',
      { host: 'h', port: 0 },
      'option port must be an integer from 1 to 65535',
    ],
    ['a user without a password', { host: 'h', user: 'u' }, 'option pass is required with'],
    ['a password without a user', { host: 'h', pass: 'secret-pw' }, 'option user is required with'],
    ['secure as text', { host: 'h', secure: 'yes' }, 'option secure must be true or false'],
    ['pool as a number', { host: 'h', pool: 1 }, 'option pool must be true or false'],
    [
      'too many connections',
      { host: 'h', maxConnections: 500 },
      'option maxConnections must be an integer from 1 to 100',
    ],
    [
      'a sender that is no address',
      { host: 'h', from: 'billing' },
      'option from must be an email address',
    ],
    ['an empty host', { host: ' ' }, 'option host must be a non-empty string'],
  ])('refuses %s, naming provider and option but no secret', (_case, options, problem) => {
    const message = problemOf(options);
    expect(message).toContain(`provider smtp-main (type smtp): ${problem}`);
    expect(message).not.toContain('secret-pw');
  });
});
