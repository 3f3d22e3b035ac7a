import { PROVIDER_DEFAULTS } from '../../src/contract/provider-settings';
import { type OutboundMessage, type Provider } from '../../src/contract/provider';
import { TwilioProviderFactory } from '../../src/vendors/twilio/twilio-provider.factory';
import { freePort } from '../harness/servers';
import { adminToken, appWithKey, bearer, startApp, type TestApp } from '../harness/test-app';
import { eventually } from '../support/polling';
import {
  startTwilioScenarioServer,
  type TwilioScenario,
  type TwilioScenarioServer,
} from '../support/twilio-scenario.server';
import { failureOf } from '../support/provider-failure';
import type { Channel } from '../../src/contract/channel';
import type { ErrorCategory } from '../../src/contract/error-category';

const ACCOUNT_A = 'AC0000000000000000000000000000000a';
const ACCOUNT_B = 'AC0000000000000000000000000000000b';
const TOKEN_A = 'token-of-account-a';
const TOKEN_B = 'token-of-account-b';
const FROM = '+14155550199';
const TO = '+14155550100';
const TIMEOUT_MS = 400;

const message = (channel: Channel, content: Record<string, unknown>): OutboundMessage => ({
  id: 'msg-1',
  appId: 'app-1',
  channel,
  to: [TO],
  content,
  metadata: {},
});

function provider(channel: Channel, apiBaseUrl: string): Provider {
  return new TwilioProviderFactory().create(
    {
      id: `twilio-${channel}`,
      type: 'twilio',
      channel,
      ...PROVIDER_DEFAULTS,
      timeoutMs: TIMEOUT_MS,
      options: { accountSid: ACCOUNT_A, authToken: TOKEN_A, from: FROM, apiBaseUrl },
    },
    {},
  );
}

describe('Twilio adapters against the scenario server (real SDK over HTTP)', () => {
  let twilio: TwilioScenarioServer;
  let sms: Provider;

  beforeAll(async () => {
    twilio = await startTwilioScenarioServer();
    sms = provider('sms', twilio.baseUrl);
  });
  afterAll(async () => {
    await twilio.close();
  });
  beforeEach(() => {
    twilio.reset();
  });

  it('sends with Basic credentials and gets a unique SID per message', async () => {
    const first = await sms.send(message('sms', { body: 'one' }));
    const second = await sms.send(message('sms', { body: 'two' }));
    expect(first).toEqual({
      providerMessageId: expect.stringMatching(/^SM[0-9a-f]{32}$/),
      status: 'SENT',
      providerStatus: 'queued',
    });
    expect(second.providerMessageId).not.toBe(first.providerMessageId);
    expect(twilio.requests.map((r) => r.sid)).toEqual([
      first.providerMessageId,
      second.providerMessageId,
    ]);
    expect(twilio.requests[0]).toMatchObject({
      accountSid: ACCOUNT_A,
      resource: 'Messages',
      username: ACCOUNT_A,
      password: TOKEN_A,
    });
  });

  it('gets a call SID for a call', async () => {
    const voice = provider('voice', twilio.baseUrl);
    const placed = await voice.send(message('voice', { twiml: '<Response/>', timeout: 30 }));
    expect(placed.providerMessageId).toMatch(/^CA[0-9a-f]{32}$/);
    expect(twilio.requests[0]?.resource).toBe('Calls');
  });

  describe('maps each Twilio error code', () => {
    it.each<[number, ErrorCategory, RegExp]>([
      [20003, 'AUTH_ERROR', /refused the account SID and auth token/],
      [20429, 'RATE_LIMITED', /too many concurrent requests/],
      [20500, 'PROVIDER_OUTAGE', /internal error/],
      [20503, 'PROVIDER_OUTAGE', /temporarily unavailable/],
      [21211, 'INVALID_RECIPIENT', /not a valid phone number/],
      [21214, 'INVALID_RECIPIENT', /cannot be reached/],
      [21408, 'CONFIGURATION_ERROR', /geographic permissions/],
      [21606, 'CONFIGURATION_ERROR', /not a message-capable number/],
      [21610, 'INVALID_RECIPIENT', /unsubscribed/],
      [21611, 'RATE_LIMITED', /too many messages queued/],
      [21612, 'CONFIGURATION_ERROR', /cannot route/],
      [21614, 'INVALID_RECIPIENT', /not a mobile number/],
      [21617, 'CONTENT_REJECTED', /longer than Twilio accepts/],
      [30001, 'RATE_LIMITED', /overflowed/],
      [30002, 'AUTH_ERROR', /suspended/],
      [30003, 'INVALID_RECIPIENT', /unreachable/],
      [30004, 'INVALID_RECIPIENT', /blocked/],
      [30005, 'INVALID_RECIPIENT', /unknown or no longer exists/],
      [30006, 'INVALID_RECIPIENT', /landline/],
      [30007, 'CONTENT_REJECTED', /filtered/],
      [30008, 'PROVIDER_OUTAGE', /unknown error/],
      [63007, 'CONFIGURATION_ERROR', /no WhatsApp sender/],
      [20404, 'CONFIGURATION_ERROR', /does not know the resource/],
    ])('%i as %s', async (code, category, reason) => {
      twilio.script({ kind: 'error', code });
      const error = await failureOf(sms.send(message('sms', { body: 'hello' })));
      expect(error.category).toBe(category);
      expect(error.message).toMatch(reason);
      expect(error.message).toContain(`(Twilio ${code}: scripted Twilio error ${code})`);
      expect(error.message).not.toContain(TOKEN_A);
    });

    it('63016 (outside the WhatsApp session window) as CONTENT_REJECTED that says to use a template', async () => {
      const whatsapp = provider('whatsapp', twilio.baseUrl);
      twilio.script({
        kind: 'error',
        code: 63016,
        message: 'Failed to send freeform message because you are outside the allowed window.',
      });
      const error = await failureOf(whatsapp.send(message('whatsapp', { body: 'Hi again' })));
      expect(error.category).toBe('CONTENT_REJECTED');
      expect(error.message).toMatch(/24-hour session window/);
      expect(error.message).toMatch(/send a `template` \(contentSid and variables\) instead/);
      expect(twilio.requests[0]?.form.get('To')).toBe(`whatsapp:${TO}`);
    });
  });

  it('keeps the auth token out of error messages, even when an answer echoes it', async () => {
    twilio.script({ kind: 'error', code: 21211, message: `To is invalid (sent by ${TOKEN_A})` });
    const error = await failureOf(sms.send(message('sms', { body: 'hello' })));
    expect(error.message).toContain('To is invalid (sent by ***)');
    expect(error.message).not.toContain(TOKEN_A);
  });

  describe('maps transport failures', () => {
    it.each<[string, TwilioScenario, ErrorCategory, RegExp]>([
      [
        'a bare HTTP 500',
        { kind: 'status', status: 500 },
        'PROVIDER_OUTAGE',
        /^Twilio had a server error \(Twilio HTTP 500\)$/,
      ],
      [
        'a bare HTTP 502',
        { kind: 'status', status: 502 },
        'PROVIDER_OUTAGE',
        /^Twilio had a server error \(Twilio HTTP 502\)$/,
      ],
      [
        'a dropped connection',
        { kind: 'drop' },
        'PROVIDER_OUTAGE',
        /^could not reach Twilio: ECONNRESET/,
      ],
      [
        'an answer slower than the provider timeout',
        { kind: 'slow', delayMs: TIMEOUT_MS * 5 },
        'TIMEOUT',
        new RegExp(`^Twilio did not answer: no answer within ${TIMEOUT_MS} ms$`),
      ],
    ])('%s', async (_case, scenario, category, reason) => {
      twilio.script(scenario);
      const started = Date.now();
      const error = await failureOf(sms.send(message('sms', { body: 'hello' })));
      expect(error.category).toBe(category);
      expect(error.message).toMatch(reason);
      expect(Date.now() - started).toBeLessThan(TIMEOUT_MS * 4);
    });

    it('a slow answer within the timeout still succeeds', async () => {
      twilio.script({ kind: 'slow', delayMs: TIMEOUT_MS / 4 });
      await expect(sms.send(message('sms', { body: 'hello' }))).resolves.toMatchObject({
        status: 'SENT',
      });
    });

    it('a refused connection (nothing listening)', async () => {
      const closed = provider('sms', `http://127.0.0.1:${await freePort()}`);
      const error = await failureOf(closed.send(message('sms', { body: 'hello' })));
      expect(error.category).toBe('PROVIDER_OUTAGE');
      expect(error.message).toMatch(/^could not reach Twilio: ECONNREFUSED/);
    });
  });
});

describe('fail-over between two Twilio accounts through the HTTP API', () => {
  let twilio: TwilioScenarioServer;
  let t: TestApp;
  let key: string;

  beforeAll(async () => {
    twilio = await startTwilioScenarioServer();
    const account = (id: string, accountSid: string, authToken: string) => ({
      id,
      type: 'twilio',
      accountSid,
      authToken,
      from: FROM,
      apiBaseUrl: twilio.baseUrl,
      maxAttempts: 2,
      retryBaseMs: 20,
      retryMaxMs: 40,
      circuitFailures: 50,
    });
    t = await startApp(
      {},
      {
        PROVIDERS: JSON.stringify({
          sms: [account('twilio-a', ACCOUNT_A, TOKEN_A), account('twilio-b', ACCOUNT_B, TOKEN_B)],
        }),
      },
    );
    key = (await appWithKey(t, { name: 'fail-over' })).key;
  });
  afterAll(async () => {
    await t.close();
    await twilio.close();
  });
  beforeEach(() => {
    twilio.reset();
  });

  const sendAndSettle = async () => {
    const accepted = await t.http
      .post('/api/v1/messages/sms')
      .set('x-api-key', key)
      .send({ to: TO, body: 'fail-over' })
      .expect(202);
    const settled = await eventually(
      () => t.http.get(`/api/v1/messages/${accepted.body.messageId}`).set('x-api-key', key),
      (res) => res.status === 200 && ['SENT', 'FAILED', 'UNDELIVERABLE'].includes(res.body.status),
      'the message to settle',
    );
    return settled.body;
  };

  it('moves on to the second account at once when the first answers 20003', async () => {
    twilio.script({ kind: 'error', code: 20003, accountSid: ACCOUNT_A });
    const sent = await sendAndSettle();
    expect(sent.status).toBe('SENT');
    const accepted = twilio.requests.find((r) => r.accountSid === ACCOUNT_B);
    expect(sent.attempts).toEqual([
      expect.objectContaining({
        provider: 'twilio-a',
        status: 'RETRYING',
        errorCategory: 'AUTH_ERROR',
        errorMessage: expect.stringContaining('Twilio 20003'),
      }),
      expect.objectContaining({
        provider: 'twilio-b',
        status: 'SENT',
        providerMessageId: accepted?.sid,
      }),
    ]);
    expect(twilio.requests.map((r) => [r.accountSid, r.password])).toEqual([
      [ACCOUNT_A, TOKEN_A],
      [ACCOUNT_B, TOKEN_B],
    ]);
  });

  it('retries the first account on 500s, then fails over', async () => {
    twilio.script(
      { kind: 'status', status: 500, accountSid: ACCOUNT_A },
      { kind: 'status', status: 500, accountSid: ACCOUNT_A },
    );
    const sent = await sendAndSettle();
    expect(sent.status).toBe('SENT');
    expect(
      sent.attempts.map((a: { provider: string; errorCategory?: string }) => [
        a.provider,
        a.errorCategory,
      ]),
    ).toEqual([
      ['twilio-a', 'PROVIDER_OUTAGE'],
      ['twilio-a', 'PROVIDER_OUTAGE'],
      ['twilio-b', undefined],
    ]);
  });

  it('stops at a recipient error without trying the second account', async () => {
    twilio.script({ kind: 'error', code: 21610, accountSid: ACCOUNT_A });
    const refused = await sendAndSettle();
    expect(refused.status).toBe('UNDELIVERABLE');
    expect(refused.attempts).toHaveLength(1);
    expect(twilio.requests.map((r) => r.accountSid)).toEqual([ACCOUNT_A]);
  });

  it('shows both Twilio providers and their circuits in /health', async () => {
    const health = await t.http.get('/api/v1/health').expect(200);
    expect(health.body.channels.sms).toEqual({
      configured: true,
      providers: [
        { id: 'twilio-a', type: 'twilio', circuit: 'closed' },
        { id: 'twilio-b', type: 'twilio', circuit: 'closed' },
      ],
      // The failures of the scenarios above, newest first.
      errors: ['INVALID_RECIPIENT', 'PROVIDER_OUTAGE', 'PROVIDER_OUTAGE', 'AUTH_ERROR'].map(
        (category) => expect.objectContaining({ provider: 'twilio-a', category }),
      ),
      totalErrors: 4,
    });
  });
});

describe('the TWILIO_* shortcut', () => {
  let t: TestApp;
  const env = {
    TWILIO_ACCOUNT_SID: ACCOUNT_A,
    TWILIO_AUTH_TOKEN: TOKEN_A,
    TWILIO_FROM: FROM,
    TWILIO_API_BASE_URL: 'http://127.0.0.1:9',
  };

  beforeAll(async () => {
    t = await startApp({}, env);
  });
  afterAll(async () => {
    await t.close();
  });

  it('configures twilio-sms, twilio-whatsapp and twilio-voice, shown in /health', async () => {
    const health = await t.http.get('/api/v1/health').expect(200);
    for (const channel of ['sms', 'whatsapp', 'voice']) {
      expect(health.body.channels[channel]).toEqual({
        configured: true,
        providers: [{ id: `twilio-${channel}`, type: 'twilio', circuit: 'closed' }],
        errors: [],
        totalErrors: 0,
      });
    }
    expect(health.body.channels.email.providers).toEqual([
      { id: 'sandbox-email', type: 'sandbox', circuit: 'closed' },
    ]);
  });

  it('shows on /status which Twilio settings are present, never their values', async () => {
    const status = await t.http.get('/api/v1/status').set(bearer(adminToken())).expect(200);
    expect(status.body.providers.twilio).toEqual({
      accountSid: true,
      authToken: true,
      from: true,
      apiBaseUrl: true,
    });
    const text = JSON.stringify(status.body);
    const { TWILIO_FROM: from, ...secrets } = env;
    for (const value of Object.values(secrets)) expect(text).not.toContain(value);
    // The sender is no secret: it is shown as each channel's default sender, and nowhere else.
    for (const channel of ['sms', 'whatsapp', 'voice'])
      expect(status.body.channels[channel].senders).toEqual({ [`twilio-${channel}`]: { from } });
  });
});
