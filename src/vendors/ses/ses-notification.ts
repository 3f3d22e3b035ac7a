import { normalAddress } from '../../contract/content/email-recipients';
import type { SuppressionReason } from '../../suppressions/suppression.model';
import type { ProviderReport, ReportedStatus } from '../../contract/provider-report';
import type { MessageEvent } from '../../contract/message-event';

/**
 * The SES notifications the gateway acts on as reports (Open and Click are engagement, read by
 * `readSesEngagement`); others (Send, Reject ...) are ignored.
 */
export type SesNotificationKind = 'Bounce' | 'Complaint' | 'Delivery';

/** What SES says happened with one recipient. */
export interface SesRecipientOutcome {
  /** Normalised (`normalAddress`), as the message's events name it. */
  readonly recipient: string;
  readonly event: MessageEvent;
  /** The message's status once every recipient ends so; absent for a soft bounce. */
  readonly status?: ReportedStatus;
  /** Set when the outcome puts the address on the app's suppression list. */
  readonly suppression?: { readonly reason: SuppressionReason; readonly detail: string };
}

/** One SES notification: about which message (SES's MessageId) and each recipient named. */
export interface SesNotification {
  readonly kind: SesNotificationKind;
  readonly sesMessageId: string;
  readonly outcomes: readonly SesRecipientOutcome[];
}

type Json = Readonly<Record<string, unknown>>;

const isJson = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const objectIn = (value: Json, name: string): Json => {
  const field = value[name];
  return isJson(field) ? field : {};
};

const textIn = (value: Json, name: string): string | undefined => {
  const field = value[name];
  return typeof field === 'string' && field !== '' ? field : undefined;
};

const listIn = (value: Json, name: string): readonly unknown[] => {
  const field = value[name];
  return Array.isArray(field) ? field : [];
};

/** Recipients listed as objects with an `emailAddress` (bounces, complaints). */
const addressesOf = (entries: readonly unknown[]): string[] =>
  entries.flatMap((entry) => {
    const address = isJson(entry) ? textIn(entry, 'emailAddress') : undefined;
    return address === undefined ? [] : [normalAddress(address)];
  });

/** Recipients listed as strings (deliveries). */
const stringsOf = (entries: readonly unknown[]): string[] =>
  entries.flatMap((entry) => (typeof entry === 'string' ? [normalAddress(entry)] : []));

/** When SES saw it, or `now` when it does not say. */
function timeIn(value: Json, now: Date): Date {
  const stamp = textIn(value, 'timestamp');
  const at = stamp === undefined ? Number.NaN : Date.parse(stamp);
  return Number.isNaN(at) ? now : new Date(at);
}

const eventOf = (type: string, at: Date, recipient: string, detail?: string): MessageEvent => ({
  type,
  at,
  recipient,
  ...(detail === undefined ? {} : { detail }),
});

function bounceOutcomes(bounce: Json, now: Date): SesRecipientOutcome[] {
  const type = textIn(bounce, 'bounceType') ?? 'Undetermined';
  const detail = `${type}/${textIn(bounce, 'bounceSubType') ?? 'Undetermined'}`;
  // Only a permanent bounce says the address is gone; a transient one may pass on a later try.
  const hard = type === 'Permanent';
  const at = timeIn(bounce, now);
  return addressesOf(listIn(bounce, 'bouncedRecipients')).map((recipient) => ({
    recipient,
    event: eventOf('bounced', at, recipient, detail),
    ...(hard ? { status: 'UNDELIVERABLE', suppression: { reason: 'hard_bounce', detail } } : {}),
  }));
}

/** A complaint feedback type that withdraws an earlier spam report rather than making one. */
const NOT_SPAM = 'not-spam';

function complaintOutcomes(complaint: Json, now: Date): SesRecipientOutcome[] {
  const feedback = textIn(complaint, 'complaintFeedbackType');
  const counts = feedback !== NOT_SPAM;
  const at = timeIn(complaint, now);
  return addressesOf(listIn(complaint, 'complainedRecipients')).map((recipient) => ({
    recipient,
    event: eventOf('complained', at, recipient, feedback),
    ...(counts
      ? {
          status: 'UNDELIVERABLE',
          suppression: { reason: 'complaint', detail: feedback ?? 'marked as spam' },
        }
      : {}),
  }));
}

function deliveryOutcomes(delivery: Json, now: Date): SesRecipientOutcome[] {
  const at = timeIn(delivery, now);
  const response = textIn(delivery, 'smtpResponse');
  return stringsOf(listIn(delivery, 'recipients')).map((recipient) => ({
    recipient,
    event: eventOf('delivered', at, recipient, response),
    status: 'DELIVERED',
  }));
}

function outcomesOf(
  kind: SesNotificationKind,
  notification: Json,
  now: Date,
): SesRecipientOutcome[] {
  switch (kind) {
    case 'Bounce':
      return bounceOutcomes(objectIn(notification, 'bounce'), now);
    case 'Complaint':
      return complaintOutcomes(objectIn(notification, 'complaint'), now);
    case 'Delivery':
      return deliveryOutcomes(objectIn(notification, 'delivery'), now);
  }
}

const KINDS: readonly string[] = [
  'Bounce',
  'Complaint',
  'Delivery',
] satisfies SesNotificationKind[];

const isKind = (value: string | undefined): value is SesNotificationKind =>
  value !== undefined && KINDS.includes(value);

function parsed(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Reads the `Message` of an SNS notification as SES writes it: identity notifications
 * (`notificationType`) and configuration-set events (`eventType`) alike, each naming the
 * message it is about by `mail.messageId`. Undefined for anything else.
 */
export function readSesNotification(message: string, now: Date): SesNotification | undefined {
  const notification = parsed(message);
  if (!isJson(notification)) return undefined;
  const kind = textIn(notification, 'notificationType') ?? textIn(notification, 'eventType');
  const sesMessageId = textIn(objectIn(notification, 'mail'), 'messageId');
  if (!isKind(kind) || sesMessageId === undefined) return undefined;
  return { kind, sesMessageId, outcomes: outcomesOf(kind, notification, now) };
}

/** An event that says its recipient can no longer be reached: a hard bounce or a complaint. */
export function isUnreachable(event: MessageEvent): boolean {
  if (event.type === 'complained') return event.detail !== NOT_SPAM;
  return event.type === 'bounced' && event.detail?.startsWith('Permanent/') === true;
}

const isDelivered = (event: MessageEvent): boolean => event.type === 'delivered';

/**
 * The store reports for a notification about a message with these recipients: one per
 * recipient, the message DELIVERED once every recipient was delivered, UNDELIVERABLE once every
 * one bounced for good or complained.
 */
export function recipientReports(
  notification: SesNotification,
  recipients: readonly string[],
): ProviderReport[] {
  return notification.outcomes.map(({ event, status }) => ({
    providerStatus: notification.kind,
    ...(status === undefined ? {} : { status }),
    event,
    byRecipient: { recipients, settles: status === 'DELIVERED' ? isDelivered : isUnreachable },
  }));
}

/** An open or click that SES tracked (a configuration set's Open and Click events). */
export interface SesEngagement {
  readonly kind: 'open' | 'click';
  readonly sesMessageId: string;
  readonly at: Date;
  /** SES names no recipient: known when the message went to one alone. */
  readonly recipient?: string;
  readonly userAgent?: string;
  /** The link clicked. */
  readonly link?: string;
}

const ENGAGEMENT_EVENTS: ReadonlyMap<string, 'open' | 'click'> = new Map([
  ['Open', 'open'],
  ['Click', 'click'],
]);

/**
 * Reads a configuration set's Open or Click event (`eventType`), about the message SES knows by
 * `mail.messageId`; undefined for anything else. The client's IP address SES gives is not read.
 */
export function readSesEngagement(message: string, now: Date): SesEngagement | undefined {
  const notification = parsed(message);
  if (!isJson(notification)) return undefined;
  const kind = ENGAGEMENT_EVENTS.get(textIn(notification, 'eventType') ?? '');
  const mail = objectIn(notification, 'mail');
  const sesMessageId = textIn(mail, 'messageId');
  if (kind === undefined || sesMessageId === undefined) return undefined;
  const details = objectIn(notification, kind);
  const destination = stringsOf(listIn(mail, 'destination'));
  const recipient = destination.length === 1 ? destination.at(0) : undefined;
  const userAgent = textIn(details, 'userAgent');
  const link = textIn(details, 'link');
  return {
    kind,
    sesMessageId,
    at: timeIn(details, now),
    ...(recipient === undefined ? {} : { recipient }),
    ...(userAgent === undefined ? {} : { userAgent }),
    ...(kind === 'click' && link !== undefined ? { link } : {}),
  };
}

/**
 * The notification's outcomes for these recipients alone: a notification about a message is
 * evidence about that message's recipients only, and a forged or mistaken one may list others.
 */
export function aboutRecipients(
  notification: SesNotification,
  recipients: readonly string[],
): SesNotification {
  const outcomes = notification.outcomes.filter(({ recipient }) => recipients.includes(recipient));
  return { ...notification, outcomes };
}
