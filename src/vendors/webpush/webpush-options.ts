import type { ProviderConfig } from '../../contract/provider';
import { OptionReader } from '../../contract/option-reader';
import {
  type VapidKeys,
  vapidPrivateKeyProblem,
  vapidPublicKeyProblem,
  vapidSubjectProblem,
} from './vapid-keys';

export const URGENCIES = ['very-low', 'low', 'normal', 'high'] as const;
export type Urgency = (typeof URGENCIES)[number];

/** A type-`webpush` provider's own options, checked at start-up. */
export interface WebPushOptions {
  /** Undefined when neither key is configured (the embedded default then makes a pair). */
  readonly vapidKeys?: VapidKeys;
  readonly vapidSubject: string;
  /** How long the push service keeps an undelivered message, in seconds. */
  readonly ttlSeconds: number;
  readonly urgency: Urgency;
  /** Extra trusted certificate authorities (PEM), for a push service with its own CA. */
  readonly ca?: string;
}

/** One day: a notification older than that is rarely still worth showing. */
const DEFAULT_TTL_SECONDS = 24 * 60 * 60;
/** 28 days: the longest a push service is asked to keep a message (web-push's own default). */
const MAX_TTL_SECONDS = 28 * 24 * 60 * 60;
/** For generated keys only; VAPID_SUBJECT is required with configured ones in production. */
export const DEVELOPMENT_VAPID_SUBJECT = 'mailto:push@localhost';

function vapidKeys(read: OptionReader): VapidKeys | undefined {
  const publicKey = read.text('vapidPublicKey');
  const privateKey = read.secret('vapidPrivateKey');
  if (publicKey === undefined && privateKey === undefined) return undefined;
  if (publicKey === undefined) read.fail('vapidPublicKey', 'is required with vapidPrivateKey');
  if (privateKey === undefined) read.fail('vapidPrivateKey', 'is required with vapidPublicKey');
  const publicProblem = vapidPublicKeyProblem(publicKey);
  if (publicProblem) read.fail('vapidPublicKey', publicProblem);
  const privateProblem = vapidPrivateKeyProblem(privateKey);
  if (privateProblem) read.fail('vapidPrivateKey', privateProblem);
  return { publicKey, privateKey };
}

function urgency(read: OptionReader): Urgency {
  const value = read.text('urgency') ?? 'normal';
  const known = URGENCIES.find((candidate) => candidate === value);
  if (!known) read.fail('urgency', `must be one of ${URGENCIES.join(', ')}`);
  return known;
}

/** Reads and checks a webpush provider's options; throws naming the provider and the option. */
export function webPushOptions(config: ProviderConfig): WebPushOptions {
  const read: OptionReader = new OptionReader(config);
  const keys = vapidKeys(read);
  const subject = read.text('vapidSubject');
  if (keys && subject === undefined) read.fail('vapidSubject', 'is required with the VAPID keys');
  const subjectProblem = subject === undefined ? undefined : vapidSubjectProblem(subject);
  if (subjectProblem) read.fail('vapidSubject', subjectProblem);
  const ca = read.text('ca');
  return {
    ...(keys ? { vapidKeys: keys } : {}),
    vapidSubject: subject ?? DEVELOPMENT_VAPID_SUBJECT,
    ttlSeconds: read.integer('ttlSeconds', 0, MAX_TTL_SECONDS) ?? DEFAULT_TTL_SECONDS,
    urgency: urgency(read),
    ...(ca === undefined ? {} : { ca }),
  };
}
