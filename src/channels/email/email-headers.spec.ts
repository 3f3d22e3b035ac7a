import {
  isHeaderValue,
  isStructuralHeader,
  malformedHeaders,
  MAX_CUSTOM_HEADERS,
  structuralHeader,
} from './email-headers';

describe('custom headers', () => {
  it('takes RFC 5322 names with one-line values, Unicode included', () => {
    expect(
      malformedHeaders({
        'List-Unsubscribe': '<https://example.com/u/1>',
        'X-Campaign': 'spring_2026',
        'X-Greeting': 'Grüße, 你好',
        'X-Tabbed': 'a\tb',
      }),
    ).toBeUndefined();
  });

  it.each([
    ['not an object', 'X-A: b'],
    ['a list', [['X-A', 'b']]],
    ['null', null],
    ['a name with a space', { 'X Campaign': 'a' }],
    ['a name with a colon', { 'X-A:': 'a' }],
    ['a non-ASCII name', { 'X-Grüße': 'a' }],
    ['an empty name', { '': 'a' }],
    ['a value that is not text', { 'X-Count': 3 }],
    ['CR LF in a value', { 'X-A': 'b\r\nBcc: eve@example.com' }],
    ['a bare LF in a value', { 'X-A': 'b\nc' }],
    ['a NUL in a value', { 'X-A': 'b\u0000' }],
    ['a line longer than 998 characters', { 'X-A': 'a'.repeat(995) }],
    [
      `more than ${MAX_CUSTOM_HEADERS} headers`,
      Object.fromEntries(
        Array.from({ length: MAX_CUSTOM_HEADERS + 1 }, (_, i) => [`X-H${i}`, 'v']),
      ),
    ],
  ])('refuses %s', (_case, headers) => {
    expect(malformedHeaders(headers)).toEqual(expect.any(String));
  });

  it('takes a line of exactly 998 characters, name included', () => {
    expect(malformedHeaders({ 'X-A': 'a'.repeat(993) })).toBeUndefined();
  });

  it.each([
    'From',
    'to',
    'CC',
    'Bcc',
    'Reply-To',
    'Sender',
    'Subject',
    'Date',
    'Message-ID',
    'MIME-Version',
    'Content-Type',
    'content-transfer-encoding',
    'Content-Disposition',
    'DKIM-Signature',
    'Return-Path',
    'Received',
    'Resent-From',
    'X-SES-CONFIGURATION-SET',
    'ARC-Seal',
    'Authentication-Results',
  ])('counts %s as structural', (name) => {
    expect(isStructuralHeader(name)).toBe(true);
  });

  it.each(['X-Campaign', 'List-Unsubscribe', 'In-Reply-To', 'References', 'X-Priority'])(
    'lets a caller set %s',
    (name) => {
      expect(isStructuralHeader(name)).toBe(false);
    },
  );

  it('names the first structural header of a map', () => {
    expect(structuralHeader({ 'X-A': 'b', bcc: 'eve@example.com' })).toBe('bcc');
    expect(structuralHeader({ 'X-A': 'b' })).toBeUndefined();
  });

  it('keeps header values to one line', () => {
    expect(isHeaderValue('Reçu n° 2891 ✓')).toBe(true);
    expect(isHeaderValue('a\tb')).toBe(true);
    expect(isHeaderValue('a\r\nb')).toBe(false);
    expect(isHeaderValue('a\rb')).toBe(false);
    expect(isHeaderValue('a\u007fb')).toBe(false);
  });
});
