import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CallbackPatience } from '../../src/provider-reports/callback-patience';
import { appWithKey, startApp, type TestApp } from '../harness/test-app';
import { eventually } from '../support/polling';
import { TwilioCallbacks, twilioSignature } from '../support/twilio-callbacks';
import {
  startTwilioScenarioServer,
  type TwilioScenarioServer,
} from '../support/twilio-scenario.server';

const PUBLIC_URL = 'https://switchboard.example.com';
const ACCOUNT = {
  accountSid: `AC${'1a'.repeat(16)}`,
  authToken: 'auth-token-of-the-first-account',
};
const OTHER_ACCOUNT = {
  accountSid: `AC${'2b'.repeat(16)}`,
  authToken: 'auth-token-of-an-unknown-one',
};

interface MessageBody {
  readonly status: string;
  readonly providerStatus?: string;
  readonly attempts: { providerMessageId?: string; status: string }[];
  readonly events: { type: string; detail?: string }[];
}

function providers(twilio: TwilioScenarioServer): string {
  const entry = { type: 'twilio', ...ACCOUNT, from: '+15005550006', apiBaseUrl: twilio.baseUrl };
  return JSON.stringify({
    sms: [{ id: 'twilio-sms', ...entry }],
    voice: [{ id: 'twilio-voice', ...entry }],
  });
}

describe('delivery callbacks from Twilio (memory store)', () => {
  let twilio: TwilioScenarioServer;
  let t: TestApp;
  let key: string;
  let callbacks: TwilioCallbacks;
  let receiver: Server;
  const notified: string[] = [];

  beforeAll(async () => {
    twilio = await startTwilioScenarioServer();
    t = await startApp(
      {},
      {
        PUBLIC_URL,
        PROVIDERS: providers(twilio),
        OUTBOUND_ALLOW_PRIVATE: 'true',
        RATE_LIMIT_IP_PER_MINUTE: '5',
      },
    );
    // Unknown SIDs are held this long instead of the few seconds a deployment waits.
    t.app.get(CallbackPatience).windowMs = 300;
    ({ key } = await appWithKey(t, { name: 'twilio-callbacks', rateLimitPerMinute: 100000 }));
    callbacks = new TwilioCallbacks(t.http, PUBLIC_URL, ACCOUNT);
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        notified.push((JSON.parse(body) as { status: string }).status);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await t.close();
    await twilio.close();
    await new Promise((resolve) => receiver.close(resolve));
  });

  const read = async (id: string): Promise<MessageBody> =>
    (await t.http.get(`/api/v1/messages/${id}`).set('x-api-key', key).expect(200)).body;

  async function sent(
    route: string,
    body: Record<string, unknown>,
  ): Promise<{ id: string; sid: string }> {
    const res = await t.http
      .post(`/api/v1/messages/${route}`)
      .set('x-api-key', key)
      .send({ to: '+14155550100', ...body })
      .expect(202);
    const id: string = res.body.messageId;
    const message = await eventually(
      () => read(id),
      (m) => m.status === 'SENT',
      `message ${id} to be SENT`,
    );
    const sid = message.attempts[0]?.providerMessageId;
    if (!sid) throw new Error(`message ${id} has no provider message id`);
    return { id, sid };
  }

  const sms = (body: Record<string, unknown> = {}) => sent('sms', { body: 'hello', ...body });
  const call = () => sent('voice', { say: { text: 'Your code is 1 2 3 4' } });

  it('gives Twilio the callback URL under PUBLIC_URL', async () => {
    const { sid } = await sms();
    const request = twilio.requests.find((r) => r.sid === sid);
    expect(request?.form.get('StatusCallback')).toBe(callbacks.url);
  });

  it('records sent, then moves to DELIVERED on delivered, with events and provider status', async () => {
    const { id, sid } = await sms();
    expect((await callbacks.message(sid, 'sent').expect(200)).body).toEqual({ outcome: 'applied' });
    expect(await read(id)).toMatchObject({ status: 'SENT', providerStatus: 'sent' });
    await callbacks.message(sid, 'delivered').expect(200, { outcome: 'applied' });

    const message = await read(id);
    expect(message.status).toBe('DELIVERED');
    expect(message.providerStatus).toBe('delivered');
    expect(message.events).toEqual([
      expect.objectContaining({ type: 'queued' }),
      expect.objectContaining({ type: 'sent', detail: 'twilio-sms' }),
      { type: 'sent', at: expect.any(String) },
      { type: 'delivered', at: expect.any(String) },
    ]);
    expect(message.attempts).toHaveLength(1);
  });

  it('changes nothing for a late sent after delivered, nor for a repeated callback', async () => {
    const { id, sid } = await sms();
    await callbacks.message(sid, 'delivered').expect(200, { outcome: 'applied' });
    const delivered = await read(id);

    await callbacks.message(sid, 'sent').expect(200, { outcome: 'unchanged' });
    await callbacks.message(sid, 'delivered').expect(200, { outcome: 'unchanged' });
    await callbacks.message(sid, 'delivered').expect(200, { outcome: 'unchanged' });
    expect(await read(id)).toEqual(delivered);
  });

  it('ends an undelivered message as UNDELIVERABLE with the reason of its error code', async () => {
    const { id, sid } = await sms();
    await callbacks.message(sid, 'undelivered', { ErrorCode: '30003' }).expect(200);
    const message = await read(id);
    expect(message).toMatchObject({ status: 'UNDELIVERABLE', providerStatus: 'undelivered' });
    expect(message.events.at(-1)).toMatchObject({
      type: 'undelivered',
      detail: 'the destination handset is unreachable (Twilio error 30003)',
    });
  });

  describe('refuses what Twilio did not sign, with 403 and nothing changed', () => {
    let id: string;
    let sid: string;
    let before: MessageBody;

    beforeAll(async () => {
      ({ id, sid } = await sms());
      before = await read(id);
    });
    afterEach(async () => {
      expect(await read(id)).toEqual(before);
    });

    const refused = {
      code: 'FORBIDDEN',
      message: 'The request is not signed by a configured Twilio account.',
    };

    it('a wrong signature', async () => {
      const res = await callbacks.message(
        sid,
        'delivered',
        {},
        { signature: 'bm90IGEgc2lnbmF0dXJl' },
      );
      expect(res.status).toBe(403);
      expect(res.body).toEqual(refused);
    });

    it('a signature by another token of the account', async () => {
      await callbacks
        .message(sid, 'delivered', {}, { authToken: OTHER_ACCOUNT.authToken })
        .expect(403, refused);
    });

    it('no signature', async () => {
      await callbacks.message(sid, 'delivered', {}, { signature: null }).expect(403, refused);
    });

    it('a signature of the URL the request reached instead of the one Twilio was given', async () => {
      const host = `http://127.0.0.1${callbacks.url.slice(PUBLIC_URL.length)}`;
      await callbacks.message(sid, 'delivered', {}, { signedUrl: host }).expect(403, refused);
    });

    it('a parameter changed after signing', async () => {
      const params = {
        AccountSid: ACCOUNT.accountSid,
        MessageSid: sid,
        MessageStatus: 'failed',
      };
      const signature = twilioSignature(ACCOUNT.authToken, callbacks.url, {
        ...params,
        MessageStatus: 'delivered',
      });
      await callbacks.post(params, { signature }).expect(403, refused);
    });

    it('an account that is not configured, signed with its own token', async () => {
      const stranger = new TwilioCallbacks(t.http, PUBLIC_URL, OTHER_ACCOUNT);
      await stranger.message(sid, 'delivered').expect(403, refused);
    });

    it('a JSON body', async () => {
      await t.http
        .post('/api/v1/webhooks/twilio')
        .set('X-Twilio-Signature', twilioSignature(ACCOUNT.authToken, callbacks.url, {}))
        .send({ AccountSid: ACCOUNT.accountSid, MessageSid: sid, MessageStatus: 'delivered' })
        .expect(403, refused);
    });
  });

  it('verifies the query string as part of the URL', async () => {
    const { id, sid } = await sms();
    await callbacks.message(sid, 'delivered', {}, { query: '?attempt=1' }).expect(200);
    expect((await read(id)).status).toBe('DELIVERED');
  });

  it('answers 200 for a SID no message has, and for a signed request that reports nothing', async () => {
    await callbacks.message('SM00000000000000000000000000000000', 'delivered').expect(200, {
      outcome: 'unknown',
    });
    await callbacks.post({ AccountSid: ACCOUNT.accountSid }).expect(200, { outcome: 'ignored' });
  });

  it('applies a callback that arrives before the sender recorded the attempt, once it has', async () => {
    t.app.get(CallbackPatience).windowMs = 5_000;
    try {
      twilio.script({ kind: 'slow', delayMs: 400, resource: 'Messages' });
      const res = await t.http
        .post('/api/v1/messages/sms')
        .set('x-api-key', key)
        .send({ to: '+14155550100', body: 'early bird' })
        .expect(202);
      const request = await eventually(
        () => Promise.resolve(twilio.requests.find((r) => r.form.get('Body') === 'early bird')),
        (found) => found?.sid !== undefined,
        'the early bird request to reach Twilio',
      );
      const early = await read(res.body.messageId);
      expect(early.status).toBe('SENDING');

      await callbacks.message(request?.sid ?? '', 'delivered').expect(200, { outcome: 'applied' });
      const message = await read(res.body.messageId);
      expect(message.status).toBe('DELIVERED');
      expect(message.attempts).toEqual([
        expect.objectContaining({
          provider: 'twilio-sms',
          status: 'SENT',
          providerMessageId: request?.sid,
        }),
      ]);
    } finally {
      t.app.get(CallbackPatience).windowMs = 300;
    }
  });

  it("tells the sender's callback URL of each status a Twilio callback brings", async () => {
    const port = (receiver.address() as AddressInfo).port;
    const { sid } = await sms({ callbackUrl: `http://127.0.0.1:${port}/status` });
    await callbacks.message(sid, 'sent').expect(200);
    await callbacks.message(sid, 'delivered').expect(200);
    await eventually(
      () => Promise.resolve([...notified]),
      (statuses) => statuses.includes('DELIVERED'),
      'the DELIVERED status callback',
    );
    expect(notified).toEqual(['SENT', 'DELIVERED']);
  });

  it('follows a call through ringing and answered to completed', async () => {
    const { id, sid } = await call();
    await callbacks.call(sid, 'ringing').expect(200, { outcome: 'applied' });
    await callbacks.call(sid, 'in-progress').expect(200, { outcome: 'applied' });
    expect(await read(id)).toMatchObject({ status: 'SENT', providerStatus: 'in-progress' });
    await callbacks.call(sid, 'ringing').expect(200, { outcome: 'unchanged' });
    await callbacks
      .call(sid, 'completed', { CallDuration: '12' })
      .expect(200, { outcome: 'applied' });

    const message = await read(id);
    expect(message).toMatchObject({ status: 'DELIVERED', providerStatus: 'completed' });
    expect(message.events.map((event) => event.type)).toEqual([
      'queued',
      'sent',
      'ringing',
      'answered',
      'completed',
    ]);
  });

  it.each([
    ['busy', 'the line was busy'],
    ['no-answer', 'nobody answered'],
  ])('ends a call that was %s as UNDELIVERABLE, saying so', async (state, words) => {
    const { id, sid } = await call();
    await callbacks.call(sid, 'ringing').expect(200);
    await callbacks.call(sid, state).expect(200, { outcome: 'applied' });
    const message = await read(id);
    expect(message).toMatchObject({ status: 'UNDELIVERABLE', providerStatus: state });
    expect(message.events.at(-1)).toEqual({
      type: state,
      at: expect.any(String),
      detail: expect.stringContaining(words),
    });
    await callbacks.call(sid, 'completed').expect(200, { outcome: 'unchanged' });
  });

  it('is not limited per IP like other public routes', async () => {
    const { sid } = await sms();
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => callbacks.message(sid, 'sent').then((res) => res.status)),
    );
    expect(answers).toEqual(Array.from({ length: 8 }, () => 200));
  });

  it('answers a body over the limit with 413', async () => {
    const res = await callbacks.post({ AccountSid: ACCOUNT.accountSid, Body: 'x'.repeat(70_000) });
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
  });
});

describe('delivery callbacks from Twilio without PUBLIC_URL', () => {
  let twilio: TwilioScenarioServer;
  let t: TestApp;

  beforeAll(async () => {
    twilio = await startTwilioScenarioServer();
    t = await startApp({}, { PROVIDERS: providers(twilio) });
  });
  afterAll(async () => {
    await t.close();
    await twilio.close();
  });

  it('refuses every callback with 403, since no signature can be checked', async () => {
    const callbacks = new TwilioCallbacks(t.http, 'http://127.0.0.1', ACCOUNT);
    const res = await callbacks.message('SM00000000000000000000000000000001', 'delivered');
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ code: 'FORBIDDEN', message: expect.stringContaining('PUBLIC_URL') });
  });
});
