/** The kinds of message Amazon SNS posts to an HTTP(S) subscriber. */
export const SNS_MESSAGE_TYPES = [
  'Notification',
  'SubscriptionConfirmation',
  'UnsubscribeConfirmation',
] as const;
export type SnsMessageType = (typeof SNS_MESSAGE_TYPES)[number];

/** `1`: SHA1withRSA; `2`: SHA256withRSA. */
export type SnsSignatureVersion = '1' | '2';

/** The JSON document SNS posts, with the fields its signature covers. */
export interface SnsMessage {
  readonly Type: SnsMessageType;
  readonly MessageId: string;
  readonly TopicArn: string;
  readonly Message: string;
  readonly Timestamp: string;
  readonly SignatureVersion: SnsSignatureVersion;
  /** Base64. */
  readonly Signature: string;
  readonly SigningCertURL: string;
  readonly Subject?: string;
  /** Subscription and unsubscribe confirmations only. */
  readonly Token?: string;
  readonly SubscribeURL?: string;
}

/** The fields a signature covers, in the order AWS signs them, by message type. */
const SIGNED_FIELDS: Readonly<Record<SnsMessageType, readonly (keyof SnsMessage)[]>> = {
  Notification: ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type'],
  SubscriptionConfirmation: [
    'Message',
    'MessageId',
    'SubscribeURL',
    'Timestamp',
    'Token',
    'TopicArn',
    'Type',
  ],
  UnsubscribeConfirmation: [
    'Message',
    'MessageId',
    'SubscribeURL',
    'Timestamp',
    'Token',
    'TopicArn',
    'Type',
  ],
};

const REQUIRED = [
  'MessageId',
  'TopicArn',
  'Message',
  'Timestamp',
  'Signature',
  'SigningCertURL',
] as const;

const isSnsType = (value: unknown): value is SnsMessageType =>
  SNS_MESSAGE_TYPES.includes(value as SnsMessageType);

const isVersion = (value: unknown): value is SnsSignatureVersion => value === '1' || value === '2';

/**
 * Reads a posted body as an SNS message: every field its signature needs is a string, the type
 * and signature version are known ones. Undefined for anything else (unsigned, another shape).
 */
export function readSnsMessage(body: unknown): SnsMessage | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const fields = body as Record<string, unknown>;
  if (!isSnsType(fields.Type) || !isVersion(fields.SignatureVersion)) return undefined;
  const optional = fields.Type === 'Notification' ? ['Subject'] : [];
  const required =
    fields.Type === 'Notification' ? REQUIRED : [...REQUIRED, 'Token', 'SubscribeURL'];
  if (!required.every((name) => typeof fields[name] === 'string' && fields[name] !== '')) {
    return undefined;
  }
  if (optional.some((name) => fields[name] !== undefined && typeof fields[name] !== 'string')) {
    return undefined;
  }
  return body as SnsMessage;
}

/**
 * The string an SNS signature is made over, as AWS documents it ("Verifying the signatures of
 * Amazon SNS messages"): each signed field present, in byte order of its name, as its name and
 * its value, each followed by a newline.
 */
export function snsStringToSign(message: SnsMessage): string {
  return SIGNED_FIELDS[message.Type]
    .map((name) => [name, message[name]] as const)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => `${name}\n${value as string}\n`)
    .join('');
}

/**
 * SNS's regional endpoints, in the global and the China partitions: `sns.` and a region name
 * (`us-east-1`, `us-gov-west-1`), so that no other host of amazonaws.com (`sns.s3.…`) passes.
 */
const SNS_HOST = /^sns\.[a-z]{2}(-[a-z]+)+-\d\.amazonaws\.com(\.cn)?$/;
/** The one file name SNS publishes its signing certificates under. */
const CERTIFICATE_PATH = /^\/SimpleNotificationService-[0-9a-f]+\.pem$/;

/**
 * The URL when it is an https URL of an SNS endpoint (`sns.<region>.amazonaws.com`, or
 * `.amazonaws.com.cn`) on the default port without credentials; undefined otherwise. The only
 * URLs a message's certificate is fetched from and a subscription is confirmed at: a forged
 * message may name any URL.
 */
export function snsEndpointUrl(value: string): URL | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  const plain = url.port === '' && url.username === '' && url.password === '';
  return url.protocol === 'https:' && plain && SNS_HOST.test(url.hostname) ? url : undefined;
}

/**
 * A signing certificate's URL: exactly `https://sns.<region>.amazonaws.com/SimpleNotificationService-<hex>.pem`
 * (or `.amazonaws.com.cn`), with no query or fragment.
 */
export function snsCertificateUrl(value: string): URL | undefined {
  const url = snsEndpointUrl(value);
  const exact = url !== undefined && url.search === '' && url.hash === '';
  return exact && CERTIFICATE_PATH.test(url.pathname) ? url : undefined;
}
