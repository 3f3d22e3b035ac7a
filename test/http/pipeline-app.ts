/**
 * What the pipeline suites share: an app sending SMS through two scripted providers, and functions
 * to script them, send and wait. `usePipelineApp` starts it for the suite it is called in; `s` is
 * a live binding, read wherever a spec names it while that suite runs.
 */
import { appWithKey, startApp, type TestApp } from '../harness/test-app';
import { eventually } from '../support/polling';
import { ScriptedProvider } from '../support/scripted.provider';

export const fast = { retryBaseMs: 30, retryMaxMs: 60, type: 'scripted' };
export const PROVIDERS = JSON.stringify({
  sms: [
    { id: 'sms-a', maxAttempts: 2, circuitFailures: 50, ...fast },
    { id: 'sms-b', maxAttempts: 2, circuitFailures: 50, ...fast },
  ],
  email: [{ id: 'email-box', type: 'sandbox' }],
});

export interface Setup {
  readonly t: TestApp;
  readonly key: string;
  readonly appId: string;
  readonly callbackSecret: string;
}

export async function setUp(env: Record<string, string> = {}, mongo = false): Promise<Setup> {
  const t = await startApp({ scripted: true, mongo, redis: mongo }, { PROVIDERS, ...env });
  return { t, ...(await appWithKey(t, { name: 'pipeline', rateLimitPerMinute: 100000 })) };
}

export function script(id: string, fail?: string, failTimes = Number.POSITIVE_INFINITY): void {
  const provider = ScriptedProvider.byId.get(id);
  if (!provider) throw new Error(`no scripted provider ${id}`);
  provider.fail = fail as ScriptedProvider['fail'];
  provider.failTimes = failTimes;
}

export function sendSms(
  s: Setup,
  body: Record<string, unknown> = {},
  headers: Record<string, string> = {},
) {
  return s.t.http
    .post('/api/v1/messages/sms')
    .set('x-api-key', s.key)
    .set(headers)
    .send({ to: '+14155550100', body: 'hello', ...body });
}

export async function settled(
  s: Setup,
  id: string,
  statuses = ['SENT', 'DELIVERED', 'FAILED', 'UNDELIVERABLE', 'CANCELED'],
) {
  const res = await eventually(
    () => s.t.http.get(`/api/v1/messages/${id}`).set('x-api-key', s.key),
    (r) => r.status === 200 && statuses.includes(r.body.status),
    `message ${id} to reach ${statuses.join(' or ')}`,
  );
  return res.body;
}

export const PIPELINE_MODES: [string, boolean][] = [
  ['memory store, in-process queue', false],
  ['FerretDB store, BullMQ on Redis', true],
];

export let s: Setup;

/** An app on the store and queue `mongo` names, with both SMS providers working before each test. */
export function usePipelineApp(mongo: boolean): void {
  beforeAll(async () => {
    s = await setUp({}, mongo);
  });
  afterAll(async () => {
    await s.t.close();
  });
  beforeEach(() => {
    script('sms-a');
    script('sms-b');
  });
}
