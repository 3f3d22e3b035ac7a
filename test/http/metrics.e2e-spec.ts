import { appWithKey, startApp, type TestApp } from '../harness/test-app';
import { eventually } from '../support/polling';
import { ScriptedProvider } from '../support/scripted.provider';

/** The first two SMS sends are refused for their content, the third goes through. */
const PROVIDERS = JSON.stringify({
  sms: [{ id: 'sms-flaky', type: 'scripted', fail: 'CONTENT_REJECTED', failTimes: 2 }],
  email: [{ id: 'email-box', type: 'sandbox' }],
});

interface Sender {
  readonly t: TestApp;
  readonly key: string;
}

/** Sends one message and waits until it settles, so the scripted failures hit the first two. */
async function sendAndSettle(s: Sender, channel: 'sms' | 'email', body: object): Promise<string> {
  const res = await s.t.http
    .post(`/api/v1/messages/${channel}`)
    .set('x-api-key', s.key)
    .send(body)
    .expect(202);
  const id: string = res.body.messageId;
  const message = await eventually(
    async () => (await s.t.http.get(`/api/v1/messages/${id}`).set('x-api-key', s.key)).body,
    (m) => ['SENT', 'DELIVERED', 'FAILED', 'UNDELIVERABLE'].includes(m.status),
    `message ${id} to settle`,
  );
  return message.status;
}

/** The value of one series in Prometheus's text format; undefined when it is not there. */
function sample(
  text: string,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  const wanted = Object.entries(labels).map(([label, value]) => `${label}="${value}"`);
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = (match[2] as string | undefined)?.split(',') ?? [];
    if (wanted.every((pair) => present.includes(pair))) return Number(match[3]);
  }
  return undefined;
}

describe('pipeline metrics on /metrics after sends on two channels, one provider failing', () => {
  let s: Sender;
  let text: string;

  beforeAll(async () => {
    const t = await startApp({ scripted: true }, { PROVIDERS });
    s = { t, ...(await appWithKey(t, { name: 'metrics', rateLimitPerMinute: 100000 })) };
    const sms = { to: '+14155550100', body: 'hello' };
    const email = { to: 'alex@example.com', from: 'shop@example.com', subject: 'Hi', text: 'Hi' };
    const statuses = [
      await sendAndSettle(s, 'sms', sms),
      await sendAndSettle(s, 'sms', sms),
      await sendAndSettle(s, 'sms', sms),
      await sendAndSettle(s, 'email', email),
      await sendAndSettle(s, 'email', email),
    ];
    expect(statuses).toEqual(['FAILED', 'FAILED', 'SENT', 'DELIVERED', 'DELIVERED']);
    expect(ScriptedProvider.byId.get('sms-flaky')?.sent).toHaveLength(3);
    text = (await t.http.get('/api/v1/metrics').expect(200)).text;
  });
  afterAll(async () => {
    await s.t.close();
  });

  it('counts messages accepted by channel', () => {
    expect(sample(text, 'switchboard_messages_accepted_total', { channel: 'sms' })).toBe(3);
    expect(sample(text, 'switchboard_messages_accepted_total', { channel: 'email' })).toBe(2);
  });

  it('counts messages sent and delivered by channel and provider', () => {
    const sms = { channel: 'sms', provider: 'sms-flaky' };
    const email = { channel: 'email', provider: 'email-box' };
    expect(sample(text, 'switchboard_messages_sent_total', sms)).toBe(1);
    expect(sample(text, 'switchboard_messages_sent_total', email)).toBe(2);
    expect(sample(text, 'switchboard_messages_delivered_total', email)).toBe(2);
    expect(sample(text, 'switchboard_messages_delivered_total', sms)).toBeUndefined();
  });

  it('counts failures by channel, provider and error category', () => {
    const labels = { channel: 'sms', provider: 'sms-flaky', category: 'CONTENT_REJECTED' };
    expect(sample(text, 'switchboard_messages_failed_total', labels)).toBe(2);
    expect(sample(text, 'switchboard_attempt_errors_total', labels)).toBe(2);
    expect(sample(text, 'switchboard_messages_failed_total', { channel: 'email' })).toBeUndefined();
  });

  it('times provider calls by channel, provider and outcome', () => {
    const count = 'switchboard_provider_send_duration_seconds_count';
    expect(sample(text, count, { provider: 'sms-flaky', outcome: 'error' })).toBe(2);
    expect(sample(text, count, { provider: 'sms-flaky', outcome: 'ok' })).toBe(1);
    expect(sample(text, count, { provider: 'email-box', outcome: 'ok' })).toBe(2);
  });

  it('shows the queue, the circuits and the callbacks pending', () => {
    expect(sample(text, 'switchboard_queue_jobs', { state: 'waiting' })).toBe(0);
    expect(sample(text, 'switchboard_queue_oldest_waiting_seconds')).toBe(0);
    const circuit = { channel: 'sms', provider: 'sms-flaky' };
    expect(
      sample(text, 'switchboard_provider_circuit_state', { ...circuit, state: 'closed' }),
    ).toBe(1);
    expect(sample(text, 'switchboard_provider_circuit_state', { ...circuit, state: 'open' })).toBe(
      0,
    );
    expect(sample(text, 'switchboard_callbacks_pending')).toBe(0);
  });
});
