const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** The byte length of base64url text without padding, or undefined when it is not base64url. */
export function base64UrlLength(value: string): number | undefined {
  if (!BASE64URL.test(value) || value.length % 4 === 1) return undefined;
  return Buffer.from(value, 'base64url').length;
}
