/**
 * What the email suites share: attachment limits, a valid body, a PDF, and a client for the
 * email route and the message log. `useEmailApi` starts the embedded default with the limits for
 * the suite running now; `api` is a live binding, read wherever a spec names it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { AttachmentStore } from '../../src/channels/email/attachment.store';
import { appWithKey, startApp, type TestApp } from '../harness/test-app';
import { eventually } from '../support/polling';

export const LIMIT = 2048;
export const TOTAL_LIMIT = 3072;
export const LIMITS = {
  EMAIL_ATTACHMENT_MAX_BYTES: String(LIMIT),
  EMAIL_ATTACHMENTS_MAX_BYTES: String(TOTAL_LIMIT),
};

type Body = Record<string, unknown>;

export const valid: Body = { to: 'alex@example.com', subject: 'Receipt #2891', text: 'Thanks.' };

export const b64 = (bytes: Buffer | string): string => Buffer.from(bytes).toString('base64');
export const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
export const pdfBytes = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(600)]);
export const pdf = {
  filename: 'receipt-2891.pdf',
  content: b64(pdfBytes),
  contentType: 'application/pdf',
};
export const addresses = (count: number, domain = 'example.com'): string[] =>
  Array.from({ length: count }, (_, i) => `user${i}@${domain}`);

/** An app and a key on a running service. */
export async function keyFor(t: TestApp): Promise<string> {
  return (await appWithKey(t, { name: 'email', rateLimitPerMinute: 100000 })).key;
}

/** The service's email route and log, with one app's key. */
export function client(t: TestApp, key: string) {
  return {
    send: (body: Body, headers: Record<string, string> = {}) =>
      t.http.post('/api/v1/messages/email').set('x-api-key', key).set(headers).send(body),
    record: async (id: string) =>
      (await t.http.get(`/api/v1/messages/${id}`).set('x-api-key', key).expect(200)).body,
    settled: (id: string, statuses = ['DELIVERED', 'SENT']) =>
      eventually(
        async () =>
          (await t.http.get(`/api/v1/messages/${id}`).set('x-api-key', key).expect(200)).body,
        (message) => statuses.includes(message.status),
        `message ${id} to reach ${statuses.join(' or ')}`,
      ),
    stored: (id: string) => t.app.get(AttachmentStore).load(id),
  };
}

type EmailClient = ReturnType<typeof client>;

export let api: EmailClient;

export function useEmailApi(): void {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({}, LIMITS);
    api = client(t, await keyFor(t));
  });
  afterAll(async () => {
    await t.close();
  });
}
