import { ValidateBy } from 'class-validator';
import { base64UrlLength } from '../../common/validation/base64url';

/** The longest subscription endpoint taken; real ones are a few hundred characters. */
export const MAX_ENDPOINT_LENGTH = 2048;
/** FCM registration tokens are about 160 characters today; the format leaves room to grow. */
const PUSH_TOKEN = /^[A-Za-z0-9_:.-]{32,4096}$/;
const MAX_DATA_KEYS = 50;
const MAX_DATA_VALUE_LENGTH = 1024;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** p256dh is an uncompressed P-256 point (65 bytes, 0x04 first), auth a 16-byte secret. */
function hasSubscriptionKeys(keys: unknown): boolean {
  if (!isRecord(keys)) return false;
  const { p256dh, auth } = keys;
  if (typeof p256dh !== 'string' || typeof auth !== 'string') return false;
  return (
    base64UrlLength(p256dh) === 65 &&
    Buffer.from(p256dh, 'base64url')[0] === 4 &&
    base64UrlLength(auth) === 16
  );
}

/**
 * A browser's PushSubscription as `JSON.stringify` gives it: `endpoint` and `keys` (other
 * members, such as `expirationTime`, are ignored). The endpoint's address is checked apart
 * (`invalid_url`); here only that it is a string.
 */
export function isPushSubscription(value: unknown): boolean {
  if (!isRecord(value)) return false;
  const { endpoint, keys } = value;
  return (
    typeof endpoint === 'string' &&
    endpoint.length <= MAX_ENDPOINT_LENGTH &&
    hasSubscriptionKeys(keys)
  );
}

export const IsPushSubscription = (): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isPushSubscription',
      validator: {
        validate: isPushSubscription,
        defaultMessage: (args) =>
          `${args?.property ?? 'value'} must be a push subscription {endpoint, keys: {p256dh, auth}} with p256dh a 65-byte P-256 public key and auth a 16-byte secret, both base64url`,
      },
    },
    { context: { code: 'invalid_subscription' } },
  );

export const IsPushToken = (): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isPushToken',
      validator: {
        // Absent is the required rule's to report.
        validate: (value: unknown) =>
          value === undefined || (typeof value === 'string' && PUSH_TOKEN.test(value)),
        defaultMessage: (args) =>
          `${args?.property ?? 'value'} must be an FCM registration token (32 to 4096 letters, digits, '_', ':', '.' or '-')`,
      },
    },
    { context: { code: 'invalid_push_token' } },
  );

/** FCM data values must be strings; the same limits keep Web Push payloads under 4 KB. */
export const IsPushData = (): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isPushData',
      validator: {
        validate: (value: unknown) =>
          isRecord(value) &&
          Object.keys(value).length <= MAX_DATA_KEYS &&
          Object.entries(value).every(
            ([key, entry]) =>
              key.length <= 64 &&
              typeof entry === 'string' &&
              entry.length <= MAX_DATA_VALUE_LENGTH,
          ),
        defaultMessage: () =>
          `data must map at most ${MAX_DATA_KEYS} keys (up to 64 characters) to strings (up to ${MAX_DATA_VALUE_LENGTH} characters)`,
      },
    },
    { context: { code: 'invalid_data' } },
  );
