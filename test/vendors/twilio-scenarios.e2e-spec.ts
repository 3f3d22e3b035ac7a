import { type Provider } from '../../src/contract/provider';
import { freePort } from '../harness/servers';
import {
  startTwilioScenarioServer,
  type TwilioScenario,
  type TwilioScenarioServer,
} from '../support/twilio-scenario.server';
import { failureOf } from '../support/provider-failure';
import type { ErrorCategory } from '../../src/contract/error-category';
import { ACCOUNT_A, TOKEN_A, TO, TIMEOUT_MS, message, provider } from './twilio-scenario-fixtures';

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
