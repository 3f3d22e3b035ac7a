/**
 * What the push suites share: a client for the push route, VAPID keys, and the set-up of an app
 * whose Web Push goes to a local push service. `usePushApp` starts both for the suite it is
 * called in; `pushService`, `t`, `key` and `api` are live bindings, read wherever a spec names
 * them while that suite runs.
 */
import { generateKeyPairSync } from 'node:crypto';
import {
  appWithKey,
  type Env,
  type TestAppOptions,
  startApp,
  type TestApp,
} from '../harness/test-app';
import { startFcmServer, type TestFcmServer, testServiceAccount } from '../support/fcm-server';
import { eventually } from '../support/polling';
import { startPushService, type TestPushService } from '../support/push-service';

interface Attempt {
  readonly provider: string;
  readonly status: string;
  readonly errorCategory?: string;
  readonly errorMessage?: string;
  readonly providerMessageId?: string;
}
interface Record {
  readonly status: string;
  readonly to: string[];
  readonly content: { readonly [key: string]: unknown };
  readonly attempts: Attempt[];
}

const FINAL = ['SENT', 'DELIVERED', 'FAILED', 'UNDELIVERABLE'];
const FAST = { retryBaseMs: 20, retryMaxMs: 40, maxAttempts: 3, timeoutMs: 5000 };

/** A VAPID key pair made with node:crypto, in the base64url forms the variables take. */
export function vapidKeys(): { publicKey: string; privateKey: string } {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const { x = '', y = '' } = publicKey.export({ format: 'jwk' });
  const { d = '' } = privateKey.export({ format: 'jwk' });
  const point = Buffer.concat([
    Buffer.from([4]),
    Buffer.from(x, 'base64url'),
    Buffer.from(y, 'base64url'),
  ]);
  return { publicKey: point.toString('base64url'), privateKey: d };
}

export async function appKey(t: TestApp): Promise<string> {
  return (await appWithKey(t, { name: 'push', rateLimitPerMinute: 100000 })).key;
}

export function client(t: TestApp, key: string) {
  const send = (body: object) =>
    t.http.post('/api/v1/messages/push').set('x-api-key', key).send(body);
  const record = async (id: string): Promise<Record> =>
    (await t.http.get(`/api/v1/messages/${id}`).set('x-api-key', key).expect(200)).body as Record;
  const settled = (id: string): Promise<Record> =>
    eventually(
      () => record(id),
      (message) => FINAL.includes(message.status),
      `message ${id} to reach a final status`,
    );
  return { send, record, settled };
}

type PushClient = ReturnType<typeof client>;

export let pushService: TestPushService;
export let t: TestApp;
export let key: string;
export let api: PushClient;

/** The `webpush` provider, trusting the local push service's certificate. */
export const webPushProvider = (service: TestPushService, extra: object = {}) => ({
  id: 'webpush',
  type: 'webpush',
  ca: service.ca,
  ...extra,
  ...FAST,
});

/** A push service, then an app (with `options`) on the env `env` makes for that service. */
export function usePushApp(
  env: (service: TestPushService) => Env,
  options: TestAppOptions = {},
): void {
  beforeAll(async () => {
    pushService = await startPushService();
    t = await startApp(options, env(pushService));
    key = await appKey(t);
    api = client(t, key);
  });
  afterAll(async () => {
    await t.close();
    await pushService.stop();
  });
}

export let fcm: TestFcmServer;

/** `usePushApp` with an FCM stand-in too, and the FCM and Web Push providers the suites send by. */
export function usePushAndFcmApp(vapid: { publicKey: string; privateKey: string }): void {
  beforeAll(async () => {
    fcm = await startFcmServer();
  });
  usePushApp((service) => ({
    OUTBOUND_ALLOW_PRIVATE: 'true',
    VAPID_PUBLIC_KEY: vapid.publicKey,
    VAPID_PRIVATE_KEY: vapid.privateKey,
    VAPID_SUBJECT: 'mailto:ops@example.com',
    FCM_SERVICE_ACCOUNT: fcm.account.json,
    FCM_API_BASE_URL: fcm.baseUrl,
    PROVIDERS: JSON.stringify({
      push: [
        { id: 'fcm', type: 'fcm', ...FAST },
        // Signs with a key the token endpoint does not know.
        {
          id: 'fcm-wrong-key',
          type: 'fcm',
          serviceAccount: testServiceAccount(fcm.tokenUri).json,
          ...FAST,
        },
        { id: 'fcm-impatient', type: 'fcm', ...FAST, timeoutMs: 300, maxAttempts: 2 },
        webPushProvider(service, { urgency: 'high' }),
      ],
    }),
  }));
  afterAll(async () => {
    await fcm.stop();
  });
}
