import { parseSmtpUrl } from './smtp-url';

describe('parseSmtpUrl', () => {
  it.each<[string, object]>([
    [
      'smtps://mailer:s3cret@smtp.example.com:465',
      { host: 'smtp.example.com', port: 465, secure: true, user: 'mailer', pass: 's3cret' },
    ],
    ['smtp://smtp.example.com', { host: 'smtp.example.com', secure: false }],
    ['smtp://relay.internal:2525/', { host: 'relay.internal', port: 2525, secure: false }],
    ['smtp://[::1]:25', { host: '::1', port: 25, secure: false }],
    [
      'smtp://apikey%40example.com:p%40ss%3Aword@smtp.example.com:587',
      {
        host: 'smtp.example.com',
        port: 587,
        secure: false,
        user: 'apikey@example.com',
        pass: 'p@ss:word',
      },
    ],
  ])('reads %s', (url, expected) => {
    expect(parseSmtpUrl(url)).toEqual({ ok: true, url: expected });
  });

  it.each<[string, string, RegExp]>([
    ['another scheme', 'https://relay.acme.test', /must be an smtp:\/\/ or smtps:\/\/ URL/],
    ['no host', 'smtp://', /with a host/],
    ['a port out of range', 'smtp://relay.acme.test:70000', /must be an smtp/],
    ['a path', 'smtp://relay.acme.test/mail', /must not have a path or query/],
    ['a query', 'smtp://relay.acme.test?secure=true', /must not have a path or query/],
    ['a user without a password', 'smtp://mailer@relay.acme.test', /both a user and a password/],
    ['broken percent-encoding', 'smtp://mailer:%E0%A4%A@relay.acme.test', /percent-encoded/],
  ])('refuses %s without repeating the value', (_case, url, problem) => {
    const result = parseSmtpUrl(url);
    expect(result.ok).toBe(false);
    const text = result.ok ? '' : result.problem;
    expect(text).toMatch(problem);
    expect(text).not.toContain('relay.acme.test');
    expect(text).not.toContain('mailer');
  });
});
