import { ProviderRegistry } from '../../src/dispatch/providers/provider.registry';
import {
  appWithKey,
  startApp,
  type TestApp,
  type TestAppOptions,
  uniqueDatabase,
} from '../harness/test-app';
import { eventually } from '../support/polling';
import { ScriptedProvider } from '../support/scripted.provider';

const RATE = 4;
const SPACING_MS = 1000 / RATE;
/** A send may reach the provider a little before its slot's spacing says: timers and load. */
const SLACK_MS = 60;
const PROVIDERS = JSON.stringify({
  sms: [{ id: 'sms-capped', type: 'scripted', ratePerSecond: RATE }],
  email: [{ id: 'email-box', type: 'sandbox' }],
});

interface Sender {
  readonly t: TestApp;
  readonly key: string;
}

const scriptedOf = (t: TestApp): ScriptedProvider =>
  t.app.get(ProviderRegistry).find('sms', 'sms-capped')?.provider as ScriptedProvider;

async function sendSms(s: Sender, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const res = await s.t.http
      .post('/api/v1/messages/sms')
      .set('x-api-key', s.key)
      .send({ to: '+14155550100', body: `burst ${i}` })
      .expect(202);
    ids.push(res.body.messageId);
  }
  return ids;
}

function settled(s: Sender, id: string) {
  return eventually(
    async () => (await s.t.http.get(`/api/v1/messages/${id}`).set('x-api-key', s.key)).body,
    (message) => ['SENT', 'DELIVERED', 'FAILED', 'UNDELIVERABLE'].includes(message.status),
    `message ${id} to be sent`,
    30_000,
  );
}

/** Every message sent once, on its first attempt: waiting for the cap is not a failure. */
async function expectSentOnceEach(s: Sender, ids: readonly string[], sent: string[]) {
  for (const id of ids) {
    const message = await settled(s, id);
    expect(message.status).toBe('SENT');
    expect(message.attempts).toHaveLength(1);
  }
  expect([...sent].sort()).toEqual([...ids].sort());
}

/** No two sends closer than the cap's spacing, however many workers made them. */
function expectSpaced(times: readonly number[]): void {
  const sorted = [...times].sort((a, b) => a - b);
  for (let i = 1; i < sorted.length; i += 1)
    expect(sorted[i] - sorted[i - 1]).toBeGreaterThanOrEqual(SPACING_MS - SLACK_MS);
  expect(sorted.at(-1)! - sorted[0]).toBeGreaterThanOrEqual(
    (sorted.length - 1) * SPACING_MS - SLACK_MS,
  );
}

describe('a provider send-rate cap, embedded (in-process queue and caps)', () => {
  let s: Sender;

  beforeAll(async () => {
    const t = await startApp({ scripted: true }, { PROVIDERS });
    s = { t, ...(await appWithKey(t, { name: 'capped', rateLimitPerMinute: 100000 })) };
  });
  afterAll(async () => {
    await s.t.close();
  });

  it('spaces the sends at the rate; the messages wait, QUEUED, instead of failing', async () => {
    const ids = await sendSms(s, 10);

    const waiting = await eventually(
      async () => (await s.t.http.get(`/api/v1/messages/${ids[9]}`).set('x-api-key', s.key)).body,
      (message) => message.status === 'QUEUED' && message.nextAttemptAt !== undefined,
      'the last message to wait for its slot',
    );
    expect(waiting.attempts).toEqual([]);
    const health = await s.t.http.get('/api/v1/health').expect(200);
    const [capped] = health.body.channels.sms.providers;
    expect(capped).toEqual({
      id: 'sms-capped',
      type: 'scripted',
      circuit: 'closed',
      rate: { perSecond: RATE, waitMs: expect.any(Number) },
    });
    expect(capped.rate.waitMs).toBeGreaterThan(SPACING_MS);
    expect(health.body.channels.email.providers[0]).not.toHaveProperty('rate');

    // Another provider's sends do not queue behind the capped one.
    const email = await s.t.http
      .post('/api/v1/messages/email')
      .set('x-api-key', s.key)
      .send({ to: 'alex@example.com', from: 'shop@example.com', subject: 'Hi', text: 'Hello' })
      .expect(202);
    expect((await settled(s, email.body.messageId)).status).toBe('DELIVERED');
    expect(scriptedOf(s.t).sent.length).toBeLessThan(ids.length);

    await expectSentOnceEach(s, ids, scriptedOf(s.t).sent);
    expectSpaced(scriptedOf(s.t).sentAt);
  });
});

describe('a provider send-rate cap shared by two instances (FerretDB, BullMQ and caps on Redis)', () => {
  let a: Sender;
  let b: TestApp;

  beforeAll(async () => {
    const options: TestAppOptions = {
      scripted: true,
      mongo: true,
      redis: true,
      database: uniqueDatabase(),
    };
    const env = { PROVIDERS, DISPATCH_CONCURRENCY: '2' };
    const t = await startApp(options, env);
    a = { t, ...(await appWithKey(t, { name: 'capped', rateLimitPerMinute: 100000 })) };
    b = await startApp(options, env);
  });
  afterAll(async () => {
    await Promise.all([a.t.close(), b.close()]);
  });

  it('spaces the sends of both instances at the one rate, each message sent once', async () => {
    const ids = await sendSms(a, 12);
    const providers = [scriptedOf(a.t), scriptedOf(b)];
    await eventually(
      () => Promise.resolve(providers.flatMap(({ sent }) => sent).length),
      (count) => count >= ids.length,
      'every message to reach the provider',
      30_000,
    );
    await expectSentOnceEach(
      a,
      ids,
      providers.flatMap(({ sent }) => sent),
    );
    expectSpaced(providers.flatMap(({ sentAt }) => sentAt));
  });
});
