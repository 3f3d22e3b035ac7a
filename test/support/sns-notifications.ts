import { execFileSync } from 'node:child_process';
import { createPrivateKey, type KeyObject, randomUUID, sign } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Test } from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { SnsHttpsClient } from '../../src/vendors/ses/sns/sns-https.client';

export const SES_WEBHOOK_PATH = '/api/v1/webhooks/ses';
export const TOPIC_ARN = 'arn:aws:sns:us-east-1:123456789012:ses-notifications';
/** Where the test's signing certificate is served, as SNS serves its own. */
export const CERT_URL =
  'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-00007e570000.pem';

/** A key pair and its self-signed certificate, made with openssl for this test run. */
export interface SigningKey {
  readonly privateKey: KeyObject;
  readonly certificatePem: string;
}

export function makeSigningKey(days = 30): SigningKey {
  const dir = mkdtempSync(join(tmpdir(), 'sns-key-'));
  try {
    const keyFile = join(dir, 'key.pem');
    const certFile = join(dir, 'cert.pem');
    const args = ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', String(days)];
    execFileSync(
      'openssl',
      [...args, '-subj', '/CN=sns.amazonaws.com', '-keyout', keyFile, '-out', certFile],
      { stdio: 'ignore' },
    );
    return {
      privateKey: createPrivateKey(readFileSync(keyFile)),
      certificatePem: readFileSync(certFile, 'utf8'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Plays the HTTPS side of SNS for the service: answers with the pages it was given (the
 * certificates) and any SubscribeURL, and records every URL it was asked for.
 */
export class SnsTestHttps extends SnsHttpsClient {
  readonly requested: string[] = [];
  private readonly pages = new Map<string, string>();

  serve(url: string, body: string): void {
    this.pages.set(new URL(url).href, body);
  }

  get(url: URL): Promise<string> {
    this.requested.push(url.href);
    if (url.searchParams.get('Action') === 'ConfirmSubscription') {
      return Promise.resolve('<ConfirmSubscriptionResponse/>');
    }
    const page = this.pages.get(url.href);
    return page === undefined ? Promise.reject(new Error('404')) : Promise.resolve(page);
  }
}

/** An SNS message's fields; an absent one is left out of the JSON posted. */
export type SnsFields = Partial<Record<string, string>>;

const NOTIFICATION_FIELDS = ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type'];
const CONFIRMATION_FIELDS = [
  'Message',
  'MessageId',
  'SubscribeURL',
  'Timestamp',
  'Token',
  'TopicArn',
  'Type',
];

/**
 * The string SNS signs, written from AWS's documentation apart from the service's own: the
 * fields of the message's type that it has, by name, each as `name\nvalue\n`.
 */
export function snsSigningString(fields: SnsFields): string {
  const names = fields.Type === 'Notification' ? NOTIFICATION_FIELDS : CONFIRMATION_FIELDS;
  return names
    .flatMap((name) => {
      const value = fields[name];
      return value === undefined ? [] : [`${name}\n${value}\n`];
    })
    .join('');
}

export interface SignOptions {
  readonly version?: '1' | '2';
  readonly key?: SigningKey;
  readonly certUrl?: string;
}

/** Makes SNS messages as SNS does, signed with a test key. */
export class SnsSigner {
  constructor(private readonly key: SigningKey) {}

  /** A notification carrying `message` (SES's JSON), signed. */
  notification(message: unknown, options: SignOptions & { subject?: string } = {}): SnsFields {
    return this.sign(
      {
        Type: 'Notification',
        MessageId: randomUUID(),
        TopicArn: TOPIC_ARN,
        ...(options.subject === undefined ? {} : { Subject: options.subject }),
        Message: typeof message === 'string' ? message : JSON.stringify(message),
        Timestamp: new Date().toISOString(),
        UnsubscribeURL: `https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${TOPIC_ARN}:1`,
      },
      options,
    );
  }

  /** A subscription (or unsubscribe) confirmation for the topic, signed. */
  confirmation(
    type: 'SubscriptionConfirmation' | 'UnsubscribeConfirmation',
    subscribeUrl: string,
    options: SignOptions = {},
  ): SnsFields {
    return this.sign(
      {
        Type: type,
        MessageId: randomUUID(),
        Token: 'token-for-the-test-subscription',
        TopicArn: TOPIC_ARN,
        Message: `You have chosen to subscribe to the topic ${TOPIC_ARN}.`,
        SubscribeURL: subscribeUrl,
        Timestamp: new Date().toISOString(),
      },
      options,
    );
  }

  sign(fields: SnsFields, options: SignOptions = {}): SnsFields {
    const version = options.version ?? '2';
    const signature = sign(
      version === '1' ? 'sha1' : 'sha256',
      Buffer.from(snsSigningString(fields), 'utf8'),
      (options.key ?? this.key).privateKey,
    );
    return {
      ...fields,
      SignatureVersion: version,
      Signature: signature.toString('base64'),
      SigningCertURL: options.certUrl ?? CERT_URL,
    };
  }
}

/** Posts an SNS message as SNS does: its JSON as text/plain, with SNS's headers. */
export function postSns(
  http: TestAgent,
  fields: SnsFields,
  contentType = 'text/plain; charset=UTF-8',
): Test {
  return http
    .post(SES_WEBHOOK_PATH)
    .set('Content-Type', contentType)
    .set('x-amz-sns-message-type', fields.Type ?? '')
    .set('x-amz-sns-topic-arn', fields.TopicArn ?? '')
    .send(JSON.stringify(fields));
}

const mail = (sesMessageId: string, destination: readonly string[]) => ({
  timestamp: new Date().toISOString(),
  source: 'sender@example.com',
  messageId: sesMessageId,
  destination,
});

/** SES's bounce notification, as its documentation shows one. */
export function sesBounce(
  sesMessageId: string,
  bounceType: 'Permanent' | 'Transient' | 'Undetermined',
  bounceSubType: string,
  recipients: readonly string[],
): object {
  return {
    notificationType: 'Bounce',
    bounce: {
      bounceType,
      bounceSubType,
      bouncedRecipients: recipients.map((emailAddress) => ({
        emailAddress,
        action: 'failed',
        status: bounceType === 'Permanent' ? '5.1.1' : '4.2.2',
        diagnosticCode: 'smtp; 550 5.1.1 user unknown',
      })),
      timestamp: new Date().toISOString(),
      feedbackId: `0100018c-${randomUUID()}`,
      reportingMTA: 'dsn; a8-70.smtp-out.amazonses.com',
    },
    mail: mail(sesMessageId, recipients),
  };
}

export function sesComplaint(
  sesMessageId: string,
  recipients: readonly string[],
  feedbackType = 'abuse',
): object {
  return {
    notificationType: 'Complaint',
    complaint: {
      userAgent: 'ExampleCorp Feedback Loop (V0.01)',
      complainedRecipients: recipients.map((emailAddress) => ({ emailAddress })),
      complaintFeedbackType: feedbackType,
      timestamp: new Date().toISOString(),
      feedbackId: `0100018c-${randomUUID()}`,
    },
    mail: mail(sesMessageId, recipients),
  };
}

export function sesDelivery(sesMessageId: string, recipients: readonly string[]): object {
  return {
    notificationType: 'Delivery',
    delivery: {
      timestamp: new Date().toISOString(),
      processingTimeMillis: 546,
      recipients,
      smtpResponse: '250 ok:  Message 64111812 accepted',
      reportingMTA: 'a8-70.smtp-out.amazonses.com',
    },
    mail: mail(sesMessageId, recipients),
  };
}
