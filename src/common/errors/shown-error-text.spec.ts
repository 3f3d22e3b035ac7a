import { SHOWN_ERROR_TEXT_MAX, shownErrorText } from './shown-error-text';

describe('shownErrorText', () => {
  it('keeps a plain reason as it is', () => {
    expect(shownErrorText('could not reach SES: connect ECONNREFUSED 127.0.0.1:4566')).toBe(
      'could not reach SES: connect ECONNREFUSED 127.0.0.1:4566',
    );
  });

  it('hides the given values wherever they appear', () => {
    const shown = shownErrorText('login as AC1 with tok-en-42x failed (tok-en-42x)', [
      'tok-en-42x',
    ]);
    expect(shown).toBe('login as AC1 with [redacted] failed ([redacted])');
  });

  it('leaves values too short to be secrets', () => {
    expect(shownErrorText('port 25 refused', ['25'])).toBe('port 25 refused');
  });

  it.each([
    ['smtp://mailer:hunter22@mail.example.com refused', 'hunter22'],
    ['Authorization: Bearer eyJhbGciOiJIUzI1NiJ9 denied', 'eyJhbGciOiJIUzI1NiJ9'],
    ['{"auth_token":"s3cr3t-v4lue","code":20003}', 's3cr3t-v4lue'],
    ['bad request: api_key=abc123xyz&to=1', 'abc123xyz'],
    ['password: letmein!', 'letmein!'],
    ['signature 0123456789abcdef0123456789abcdef0123 mismatch', '0123456789abcdef0123456789abcdef'],
  ])('redacts what looks like a credential: %s', (text, secret) => {
    const shown = shownErrorText(text);
    expect(shown).not.toContain(secret);
    expect(shown).toContain('[redacted]');
  });

  it('makes one bounded line of a raw body', () => {
    const body = `<html>\n<body>\r\n${'upstream failure '.repeat(100)}</body>\u0000</html>`;
    const shown = shownErrorText(body);
    expect(shown.length).toBe(SHOWN_ERROR_TEXT_MAX);
    expect(shown).toMatch(/^<html> <body> upstream failure /);
    expect(shown).not.toMatch(/[\r\n]/);
    expect(shown).not.toContain('\u0000');
    expect(shown.endsWith('…')).toBe(true);
  });

  it('hides a value before cutting, so no prefix of it is left at the end', () => {
    const secret = 'Zq9-very-long-configured-credential';
    const text = `${'x'.repeat(SHOWN_ERROR_TEXT_MAX - 10)} ${secret}`;
    expect(shownErrorText(text, [secret])).not.toContain('Zq9-very');
  });
});
