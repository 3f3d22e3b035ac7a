/** Requests the SES notification suites make: SNS posts, and reads of messages and suppressions. */
import { adminToken, bearer } from '../harness/test-app';
import { eventually } from '../support/polling';
import { ScriptedProvider } from '../support/scripted.provider';
import { type SnsFields, postSns } from '../support/sns-notifications';
import { t, apiKey, appId, sns } from './ses-notifications-app';

interface MessageBody {
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

export const post = (fields: SnsFields, contentType?: string) =>
  postSns(t.http, fields, contentType);
export const admin = bearer(adminToken());
export const provider = (): ScriptedProvider => {
  const found = ScriptedProvider.byId.get('ses-box');
  if (!found) throw new Error('no scripted provider ses-box');
  return found;
};

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
