import { randomBytes } from 'node:crypto';
import {
  formatApiKey,
  KEY_HEADER_EXAMPLE,
  PREFIX_BYTES,
  prefixOf,
  SECRET_BYTES,
} from './api-key.format';

const PREFIX_HEX = '3f9a1c0b7d2e';
/** 43 base64url characters, using both of the URL-safe symbols. */
const SECRET = 'Jx4W_abcdefghijklmnopqrstuvwxyz-0123456789A';

const issue = () =>
  formatApiKey(
    randomBytes(PREFIX_BYTES).toString('hex'),
    randomBytes(SECRET_BYTES).toString('base64url'),
  );

describe('formatApiKey', () => {
  it('joins sb_, the prefix and the secret with underscores', () => {
    expect(SECRET).toHaveLength(43);
    expect(formatApiKey(PREFIX_HEX, SECRET)).toEqual({
      key: `sb_${PREFIX_HEX}_${SECRET}`,
      prefix: `sb_${PREFIX_HEX}`,
    });
  });

  it('matches the documented example', () => {
    expect(KEY_HEADER_EXAMPLE.startsWith(formatApiKey(PREFIX_HEX, SECRET).prefix)).toBe(true);
  });
});

describe('prefixOf', () => {
  it('returns the prefix that formatApiKey produced', () => {
    const { key, prefix } = formatApiKey(PREFIX_HEX, SECRET);
    expect(prefixOf(key)).toBe(prefix);
  });

  it('round-trips keys made from random bytes of the issued sizes', () => {
    for (let i = 0; i < 200; i += 1) {
      const { key, prefix } = issue();
      expect(prefixOf(key)).toBe(prefix);
    }
  });

  it('returns only the public part, never the secret', () => {
    const prefix = prefixOf(formatApiKey(PREFIX_HEX, SECRET).key);
    expect(prefix).toHaveLength('sb_'.length + 2 * PREFIX_BYTES);
    expect(prefix).not.toContain(SECRET.slice(0, 4));
  });

  it('accepts a secret that starts with an underscore or a dash', () => {
    const underscore = `_${SECRET.slice(1)}`;
    const dash = `-${SECRET.slice(1)}`;
    expect(prefixOf(`sb_${PREFIX_HEX}_${underscore}`)).toBe(`sb_${PREFIX_HEX}`);
    expect(prefixOf(`sb_${PREFIX_HEX}_${dash}`)).toBe(`sb_${PREFIX_HEX}`);
  });

  const valid = `sb_${PREFIX_HEX}_${SECRET}`;

  it.each([
    ['an empty string', ''],
    ['the prefix alone', `sb_${PREFIX_HEX}`],
    ['the prefix and separator alone', `sb_${PREFIX_HEX}_`],
    ['a different product prefix', `sk_${PREFIX_HEX}_${SECRET}`],
    ['an upper-case product prefix', `SB_${PREFIX_HEX}_${SECRET}`],
    ['no product prefix', `${PREFIX_HEX}_${SECRET}`],
    ['a dash instead of the first underscore', `sb-${PREFIX_HEX}_${SECRET}`],
    ['a dash instead of the second underscore', `sb_${PREFIX_HEX}-${SECRET}`],
    ['11 hex characters', `sb_${PREFIX_HEX.slice(1)}_${SECRET}`],
    ['13 hex characters', `sb_${PREFIX_HEX}a_${SECRET}`],
    ['upper-case hex', `sb_${PREFIX_HEX.toUpperCase()}_${SECRET}`],
    ['a non-hex character in the prefix', `sb_3f9a1c0b7d2g_${SECRET}`],
    ['a 42-character secret', `sb_${PREFIX_HEX}_${SECRET.slice(1)}`],
    ['a 44-character secret', `sb_${PREFIX_HEX}_${SECRET}x`],
    ['standard base64 "+" in the secret', `sb_${PREFIX_HEX}_+${SECRET.slice(1)}`],
    ['standard base64 "/" in the secret', `sb_${PREFIX_HEX}_/${SECRET.slice(1)}`],
    ['base64 padding', `sb_${PREFIX_HEX}_${SECRET.slice(1)}=`],
    ['a leading space', ` ${valid}`],
    ['a trailing space', `${valid} `],
    ['a trailing newline', `${valid}\n`],
    ['a Bearer scheme in front', `Bearer ${valid}`],
    ['a second key appended', `${valid},${valid}`],
    ['a non-ASCII letter in the secret', `sb_${PREFIX_HEX}_é${SECRET.slice(1)}`],
  ])('rejects %s', (_label, candidate) => {
    expect(prefixOf(candidate)).toBeUndefined();
  });
});
