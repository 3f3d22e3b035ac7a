import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Status callbacks: when a message's status changes, Switchboard POSTs JSON to the send's
 * `callbackUrl`, signed so the receiver can tell the post came from Switchboard and was not
 * replayed.
 *
 * Signature scheme (Stripe's): the header `Switchboard-Signature: t=<unix seconds>,v1=<hex>`, where
 * `<hex>` is HMAC-SHA256 with the app's callback secret over `${t}.${raw body}`. A receiver
 * recomputes it over the raw bytes it received (before any JSON parsing), compares in constant
 * time and rejects a `t` too far from its own clock, which bounds replays. Several `v1` entries
 * may appear (secret rotation); any one matching is enough. `verifyCallbackSignature` below is
 * the reference implementation.
 *
 * `Switchboard-Event-Id` stays the same on every retry of one callback, so a receiver that got a
 * post whose answer was lost can drop the repeat.
 */
export const SIGNATURE_HEADER = 'Switchboard-Signature';
export const EVENT_ID_HEADER = 'Switchboard-Event-Id';
function hmacHex(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}
/** The `Switchboard-Signature` value for `body` sent at `timestamp` (unix seconds). */
export function signCallback(secret: string, timestamp: number, body: string): string {
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) {
    throw new RangeError('timestamp must be whole unix seconds');
  }
  return `t=${timestamp},v1=${hmacHex(secret, timestamp, body)}`;
}
/**
 * Whether `header` is a valid signature of the raw `body` with `secret`, made within
 * `toleranceSeconds` of `nowSeconds` (either side, to allow for clock skew).
 */
export function verifyCallbackSignature(
  secret: string,
  header: string,
  body: string,
  toleranceSeconds: number,
  nowSeconds: number,
): boolean {
  let timestamp: number | undefined;
  const candidates: string[] = [];
  for (const part of header.split(',')) {
    const separator = part.indexOf('=');
    if (separator < 0) continue;
    const key = part.slice(0, separator).trim();
    const value = part.slice(separator + 1).trim();
    if (key === 't' && /^\d+$/.test(value)) timestamp = Number(value);
    if (key === 'v1') candidates.push(value);
  }
  if (timestamp === undefined || Math.abs(nowSeconds - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(hmacHex(secret, timestamp, body));
  return candidates.some((candidate) => {
    const given = Buffer.from(candidate);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
