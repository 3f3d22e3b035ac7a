import { isEmailAddress } from './email-address';

describe('isEmailAddress', () => {
  it.each([
    'alex@example.com',
    'alex+receipts@mail.example.co.uk',
    'o.connor@example.io',
    'alex@bücher.de',
    'alex@xn--bcher-kva.de',
    '"alex smith"@example.com',
  ])('takes %j', (address) => {
    expect(isEmailAddress(address)).toBe(true);
  });

  it.each([
    ['a display name', 'Alex <alex@example.com>'],
    ['no domain', 'alex@'],
    ['no top-level domain', 'alex@localhost'],
    ['an IP literal', 'alex@[127.0.0.1]'],
    ['two dots in a row', 'alex..smith@example.com'],
    ['a non-ASCII local part', 'zoë@example.com'],
    ['a leading space', ' alex@example.com'],
    ['a trailing line break', 'alex@example.com\r\n'],
    ['CR LF in a quoted local part', '"a\r\nBcc: eve@example.com"@example.com'],
    ['a tab in a quoted local part', '"a\tb"@example.com'],
    ['an empty string', ''],
  ])('refuses %s', (_case, address) => {
    expect(isEmailAddress(address)).toBe(false);
  });

  it('refuses what is not a string', () => {
    expect(isEmailAddress(42)).toBe(false);
    expect(isEmailAddress(['alex@example.com'])).toBe(false);
    expect(isEmailAddress(undefined)).toBe(false);
  });
});
