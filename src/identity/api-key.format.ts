/**
 * Key layout: `sb_` + 12 hex characters (the public prefix, 48 random bits, used to find the
 * key) + `_` + 43 base64url characters (32 random bytes, the secret).
 */
const KEY_PATTERN = /^(sb_[0-9a-f]{12})_[A-Za-z0-9_-]{43}$/;

export const KEY_HEADER_EXAMPLE = 'sb_3f9a1c0b7d2e_Jx4W…';
export const PREFIX_BYTES = 6;
export const SECRET_BYTES = 32;

export const formatApiKey = (
  prefixHex: string,
  secret: string,
): { key: string; prefix: string } => {
  const prefix = `sb_${prefixHex}`;
  return { key: `${prefix}_${secret}`, prefix };
};

/** The prefix of a well-formed key, or undefined for anything else. */
export function prefixOf(candidate: string): string | undefined {
  return KEY_PATTERN.exec(candidate)?.[1];
}
