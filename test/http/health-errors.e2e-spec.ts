import { appWithKey, startApp, type TestApp } from '../harness/test-app';
import { eventually } from '../support/polling';
import { ScriptedProvider } from '../support/scripted.provider';

/** A credential in the provider's own options, and others a vendor might echo back. */
const CONFIGURED_SECRET = 'configured-credential-9f8e7d';
const BEARER = 'sk_live_4eC39HqLyjWDarjtT1zdp7dc';
const ECHOED_TOKEN = 'tok-echoed-by-vendor';
const RAW_BODY = `<html><body>${'Internal vendor trace line\n'.repeat(300)}</body></html>`;
const FAIL_MESSAGE = `vendor answered 401 for ${CONFIGURED_SECRET}: Authorization: Bearer ${BEARER} {"auth_token":"${ECHOED_TOKEN}"} ${RAW_BODY}`;

/** Every SMS is refused by its provider, with a reason full of what must not be shown. */
const PROVIDERS = JSON.stringify({
  sms: [
    {
      id: 'sms-broken',
      type: 'scripted',
      fail: 'CONTENT_REJECTED',
      apiKey: CONFIGURED_SECRET,
    },
  ],
  email: [{ id: 'email-box', type: 'sandbox' }],
});

interface Failure {
  at: string;
  provider: string;
  category: string;
  message: string;
}

describe('recent provider failures per channel on /health', () => {
  let t: TestApp;
  let key: string;

  const health = async (): Promise<{
    totalErrors: number;
    channels: Record<string, { errors: Failure[]; totalErrors: number }>;
  }> => (await t.http.get('/api/v1/health').expect(200)).body;

  const sendSms = async (count: number): Promise<void> => {
    for (let n = 0; n < count; n += 1) {
      await t.http
        .post('/api/v1/messages/sms')
        .set('x-api-key', key)
        .send({ to: '+14155550100', body: `hello ${n}` })
        .expect(202);
    }
  };

  const healthAfter = (totalErrors: number): ReturnType<typeof health> =>
    eventually(health, (h) => h.totalErrors >= totalErrors, `${totalErrors} failures on /health`);

  beforeAll(async () => {
    t = await startApp({ scripted: true }, { PROVIDERS });
    ScriptedProvider.byId.get('sms-broken')!.failMessage = FAIL_MESSAGE;
    ({ key } = await appWithKey(t, { name: 'health-errors', rateLimitPerMinute: 100000 }));
  });
  afterAll(async () => {
    await t.close();
  });

  it('shows no failure before any send', async () => {
    const h = await health();
    expect(h.totalErrors).toBe(0);
    expect(h.channels.sms).toMatchObject({ errors: [], totalErrors: 0 });
    expect(h.channels.email).toMatchObject({ errors: [], totalErrors: 0 });
  });

  it('shows a failed send with its time, provider and category, its reason bounded and without a secret', async () => {
    const before = Date.now();
    await sendSms(1);
    const h = await healthAfter(1);
    expect(h.totalErrors).toBe(1);
    expect(h.channels.sms.totalErrors).toBe(1);
    expect(h.channels.email).toMatchObject({ errors: [], totalErrors: 0 });
    const [failure] = h.channels.sms.errors;
    expect(failure).toEqual({
      at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      provider: 'sms-broken',
      category: 'CONTENT_REJECTED',
      message: expect.stringMatching(/^vendor answered 401 for \[redacted\]: /),
    });
    expect(Date.parse(failure.at)).toBeGreaterThanOrEqual(before - 1_000);
    expect(failure.message.length).toBeLessThanOrEqual(200);
    expect(failure.message).not.toMatch(/[\r\n]/);
    const text = JSON.stringify(h);
    for (const secret of [CONFIGURED_SECRET, BEARER, ECHOED_TOKEN])
      expect(text).not.toContain(secret);
    // Of the vendor's 300-line body, only what fits in the bounded text is left.
    expect(failure.message.match(/Internal vendor trace line/g)?.length).toBeLessThan(10);
  });

  it('keeps only the last 20 of 22 failures, newest first, and counts them all', async () => {
    await sendSms(21);
    const h = await healthAfter(22);
    expect(h.totalErrors).toBe(22);
    expect(h.channels.sms.totalErrors).toBe(22);
    const { errors } = h.channels.sms;
    expect(errors).toHaveLength(20);
    const times = errors.map((e) => Date.parse(e.at));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(new Set(errors.map((e) => e.provider))).toEqual(new Set(['sms-broken']));
    const metrics = (await t.http.get('/api/v1/metrics').expect(200)).text;
    expect(metrics).toMatch(
      /switchboard_provider_send_duration_seconds_count\{[^}]*provider="sms-broken"[^}]*outcome="error"[^}]*\} 22\n/,
    );
  });
});
