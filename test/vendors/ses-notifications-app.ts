/**
 * What the SES notification suites share: one app whose email goes through a scripted provider
 * standing for SES, an SNS side serving certificates, and a signer SNS would be.
 * `useSesNotificationsApp` starts it for the suite running now; the `let` bindings are live, so
 * a spec reads the current app and keys wherever it names them.
 */
import { CallbackPatience } from '../../src/provider-reports/callback-patience';
import { SnsHttpsClient } from '../../src/vendors/ses/sns/sns-https.client';
import { adminToken, appWithKey, bearer, startApp, type TestApp } from '../harness/test-app';
import { eventually } from '../support/polling';
import { ScriptedProvider } from '../support/scripted.provider';
import {
  CERT_URL,
  makeSigningKey,
  type SigningKey,
  type SnsFields,
  SnsSigner,
  postSns,
  SnsTestHttps,
  TOPIC_ARN,
} from '../support/sns-notifications';

export const PROVIDERS = JSON.stringify({ email: [{ id: 'ses-box', type: 'scripted' }] });
export const EVIL_CERT_URL = 'https://evil.example.com/cert.pem';
export const HTTP_CERT_URL =
  'http://sns.us-east-1.amazonaws.com/SimpleNotificationService-00007e570000.pem';
export const LOOKALIKE_CERT_URL = 'https://sns.us-east-1.amazonaws.com.evil.example.com/cert.pem';
export const SUBSCRIBE_URL = `https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=${TOPIC_ARN}&Token=token-for-the-test-subscription`;

export interface MessageBody {
  readonly status: string;
  readonly providerStatus?: string;
  readonly attempts: {
    provider: string;
    status: string;
    errorCategory?: string;
    errorMessage?: string;
    providerMessageId?: string;
  }[];
  readonly events: { type: string; recipient?: string; detail?: string }[];
}

export let key: SigningKey;
export let otherKey: SigningKey;
export let https: SnsTestHttps;
export let t: TestApp;
export let apiKey: string;
export let appId: string;
export let sns: SnsSigner;
export const post = (fields: SnsFields, contentType?: string) =>
  postSns(t.http, fields, contentType);
export const admin = bearer(adminToken());
export const provider = (): ScriptedProvider => {
  const found = ScriptedProvider.byId.get('ses-box');
  if (!found) throw new Error('no scripted provider ses-box');
  return found;
};

export function useSesNotificationsApp(): void {
  beforeAll(async () => {
    key = makeSigningKey();
    otherKey = makeSigningKey();
    https = new SnsTestHttps();
    https.serve(CERT_URL, key.certificatePem);
    // Served too, so that a refusal of these URLs comes from the host rule, not from a 404.
    for (const url of [EVIL_CERT_URL, LOOKALIKE_CERT_URL]) https.serve(url, key.certificatePem);
    t = await startApp(
      { scripted: true, overrides: [{ provide: SnsHttpsClient, useValue: https }] },
      { PROVIDERS, SES_SNS_TOPIC_ARNS: TOPIC_ARN },
    );
    // Unknown message ids are held this long instead of the few seconds a deployment waits.
    t.app.get(CallbackPatience).windowMs = 200;
    ({ appId, key: apiKey } = await appWithKey(t, {
      name: 'ses-notifications',
      rateLimitPerMinute: 100000,
    }));
    sns = new SnsSigner(key);
  });
  afterAll(async () => {
    await t.close();
  });
}

export const message = async (id: string): Promise<MessageBody> =>
  (await t.http.get(`/api/v1/messages/${id}`).set('x-api-key', apiKey).expect(200)).body;

export async function settled(id: string, statuses: readonly string[]): Promise<MessageBody> {
  const res = await eventually(
    () => t.http.get(`/api/v1/messages/${id}`).set('x-api-key', apiKey),
    (r) => r.status === 200 && statuses.includes(r.body.status),
    `message ${id} to reach ${statuses.join(' or ')}`,
  );
  return res.body;
}

/** Sends an email through the scripted provider; its id and SES's (the provider's) id. */
export async function sent(to: string[]): Promise<{ id: string; sesMessageId: string }> {
  const res = await t.http
    .post('/api/v1/messages/email')
    .set('x-api-key', apiKey)
    .send({ to, subject: 'Receipt', text: 'Thanks for your payment.' })
    .expect(202);
  const id: string = res.body.messageId;
  const record = await settled(id, ['SENT']);
  const sesMessageId = record.attempts[0]?.providerMessageId;
  if (sesMessageId === undefined) throw new Error('no provider message id');
  return { id, sesMessageId };
}

export const suppressions = async (): Promise<
  { address: string; reason: string; detail: string }[]
> =>
  (await t.http.get('/api/v1/suppressions').query({ appId, limit: 100 }).set(admin).expect(200))
    .body.data;

export const notify = (payload: object, options = {}) =>
  post(sns.notification(payload, options)).expect(200);
