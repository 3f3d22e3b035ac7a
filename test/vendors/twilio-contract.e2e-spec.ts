import { PROVIDER_DEFAULTS } from '../../src/contract/provider-settings';
import type { OutboundMessage, Provider, ProviderContext } from '../../src/contract/provider';
import { twilioFailureMeaning } from '../../src/vendors/twilio/twilio-errors';
import { TwilioProviderFactory } from '../../src/vendors/twilio/twilio-provider.factory';
import { TwilioClient, type TwilioResult } from '../../src/vendors/twilio/twilio.client';
import { type PrismRequest, type RunningPrism, startPrism } from '../support/prism';
import { appWithKey, startApp, type TestApp } from '../harness/test-app';
import { eventually } from '../support/polling';
import type { Channel } from '../../src/contract/channel';

const ACCOUNT_SID = 'AC0123456789abcdef0123456789abcdef';
const AUTH_TOKEN = 'contract-auth-token';
const SERVICE_SID = 'MG0123456789abcdef0123456789abcdef';
const CONTENT_SID = 'HX0123456789abcdef0123456789abcdef';
const FROM = '+14155550199';
const TO = '+14155550100';
const PUBLIC_URL = 'https://switchboard.example.com';
const CALLBACK = `${PUBLIC_URL}/api/v1/webhooks/twilio`;
/** The SIDs of the examples in Twilio's description, which Prism answers with. */
const EXAMPLE_MESSAGE_SID = 'SMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
const EXAMPLE_CALL_SID = 'CAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';

describe("Twilio adapters against Twilio's OpenAPI description (Prism, request validation on)", () => {
  let prism: RunningPrism;

  beforeAll(async () => {
    prism = await startPrism();
  }, 180_000);
  afterAll(async () => {
    await prism.stop();
  });

  const provider = (
    channel: Channel,
    options: Record<string, unknown> = {},
    context: ProviderContext = {},
  ): Provider =>
    new TwilioProviderFactory().create(
      {
        id: `twilio-${channel}`,
        type: 'twilio',
        channel,
        ...PROVIDER_DEFAULTS,
        timeoutMs: 10_000,
        options: {
          accountSid: ACCOUNT_SID,
          authToken: AUTH_TOKEN,
          apiBaseUrl: prism.baseUrl,
          ...options,
        },
      },
      context,
    );

  const message = (channel: Channel, content: Record<string, unknown>): OutboundMessage => ({
    id: 'msg-1',
    appId: 'app-1',
    channel,
    to: [TO],
    content,
    metadata: {},
  });

  /** The one request Prism received for the send, as the SDK wrote it. */
  const sent = async (send: () => Promise<unknown>): Promise<PrismRequest> => {
    const before = prism.requests.length;
    await send();
    expect(prism.requests).toHaveLength(before + 1);
    const request = prism.requests[before];
    expect(request.status).toBe(201);
    return request;
  };

  const messagesPath = `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`;
  const callsPath = `/2010-04-01/Accounts/${ACCOUNT_SID}/Calls.json`;

  describe('SMS', () => {
    it('sends from a number', async () => {
      const sms = provider('sms', { from: FROM });
      let result: unknown;
      const request = await sent(async () => {
        result = await sms.send(message('sms', { body: 'Your code is 123456', segments: 1 }));
      });
      expect(result).toEqual({
        providerMessageId: EXAMPLE_MESSAGE_SID,
        status: 'SENT',
        providerStatus: 'queued',
      });
      expect(request.path).toBe(messagesPath);
      expect(Object.fromEntries(request.form)).toEqual({
        To: TO,
        From: FROM,
        Body: 'Your code is 123456',
      });
    });

    it('sends through a Messaging Service, with the status callback under PUBLIC_URL', async () => {
      const sms = provider('sms', { messagingServiceSid: SERVICE_SID }, { publicUrl: PUBLIC_URL });
      const request = await sent(() => sms.send(message('sms', { body: 'hello' })));
      expect(Object.fromEntries(request.form)).toEqual({
        To: TO,
        MessagingServiceSid: SERVICE_SID,
        Body: 'hello',
        StatusCallback: CALLBACK,
      });
    });

    it("uses the message's own sender over the provider's", async () => {
      const sms = provider('sms', { from: FROM });
      const request = await sent(() =>
        sms.send(message('sms', { body: 'hi', messagingServiceSid: SERVICE_SID })),
      );
      expect(request.form.get('MessagingServiceSid')).toBe(SERVICE_SID);
      expect(request.form.has('From')).toBe(false);
    });
  });

  describe('WhatsApp', () => {
    it('sends a body, adding the whatsapp: prefix to both addresses', async () => {
      const whatsapp = provider('whatsapp', { from: FROM }, { publicUrl: PUBLIC_URL });
      let result: unknown;
      const request = await sent(async () => {
        result = await whatsapp.send(message('whatsapp', { body: 'Your table is ready' }));
      });
      expect(result).toMatchObject({ providerMessageId: EXAMPLE_MESSAGE_SID, status: 'SENT' });
      expect(Object.fromEntries(request.form)).toEqual({
        To: `whatsapp:${TO}`,
        From: `whatsapp:${FROM}`,
        Body: 'Your table is ready',
        StatusCallback: CALLBACK,
      });
    });

    it('sends media (every URL, the caption as the body)', async () => {
      const whatsapp = provider('whatsapp', { from: FROM });
      const request = await sent(() =>
        whatsapp.send(
          message('whatsapp', {
            media: [
              { url: 'https://cdn.example.com/menu.pdf', contentType: 'application/pdf' },
              { url: 'https://cdn.example.com/photo.jpg', caption: "Today's menu" },
            ],
            from: '+14155550177',
          }),
        ),
      );
      expect(request.form.getAll('MediaUrl')).toEqual([
        'https://cdn.example.com/menu.pdf',
        'https://cdn.example.com/photo.jpg',
      ]);
      expect(request.form.get('Body')).toBe("Today's menu");
      expect(request.form.get('From')).toBe('whatsapp:+14155550177');
    });

    it('sends a Content API template with its variables as JSON', async () => {
      const whatsapp = provider('whatsapp', { from: FROM });
      const request = await sent(() =>
        whatsapp.send(
          message('whatsapp', {
            contentSid: CONTENT_SID,
            contentVariables: { '1': 'Ada', '2': '7 pm' },
          }),
        ),
      );
      expect(Object.fromEntries(request.form)).toEqual({
        To: `whatsapp:${TO}`,
        From: `whatsapp:${FROM}`,
        ContentSid: CONTENT_SID,
        ContentVariables: '{"1":"Ada","2":"7 pm"}',
      });
    });
  });

  describe('voice', () => {
    it('places a call with inline TwiML and a ring timeout', async () => {
      const voice = provider('voice', { from: FROM });
      const twiml = '<Response><Say voice="alice">Fish &amp; chips are ready</Say></Response>';
      let result: unknown;
      const request = await sent(async () => {
        result = await voice.send(message('voice', { twiml, timeout: 30 }));
      });
      // The description's example call is already `completed`, which maps to DELIVERED.
      expect(result).toEqual({
        providerMessageId: EXAMPLE_CALL_SID,
        status: 'DELIVERED',
        providerStatus: 'completed',
      });
      expect(request.path).toBe(callsPath);
      expect(Object.fromEntries(request.form)).toEqual({
        To: TO,
        From: FROM,
        Twiml: twiml,
        Timeout: '30',
      });
    });

    it('places a call from a TwiML URL with answering-machine detection and call events', async () => {
      const voice = provider('voice', { from: FROM }, { publicUrl: PUBLIC_URL });
      const request = await sent(() =>
        voice.send(
          message('voice', {
            twimlUrl: 'https://app.example.com/twiml/greeting.xml',
            timeout: 45,
            machineDetection: 'DetectMessageEnd',
          }),
        ),
      );
      expect(request.form.get('Url')).toBe('https://app.example.com/twiml/greeting.xml');
      expect(request.form.get('MachineDetection')).toBe('DetectMessageEnd');
      expect(request.form.get('Timeout')).toBe('45');
      expect(request.form.get('StatusCallback')).toBe(CALLBACK);
      expect(request.form.getAll('StatusCallbackEvent')).toEqual([
        'initiated',
        'ringing',
        'answered',
        'completed',
      ]);
    });
  });

  describe('request validation', () => {
    const client = (): TwilioClient =>
      new TwilioClient({
        accountSid: ACCOUNT_SID,
        authToken: AUTH_TOKEN,
        apiBaseUrl: prism.baseUrl,
        timeoutMs: 10_000,
      });

    it("refuses a request outside Twilio's contract, and the table makes it final", async () => {
      const result: TwilioResult = await client().createMessage({
        to: `whatsapp:${TO}`,
        contentSid: 'HX-not-a-content-sid',
      });
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.failure).toMatchObject({ kind: 'http', httpStatus: 422 });
      expect(twilioFailureMeaning(result.failure).category).toBe('CONTENT_REJECTED');
    });

    it('refuses a call whose status callback is not a URL', async () => {
      const result = await client().createCall({
        to: TO,
        from: FROM,
        url: 'https://app.example.com/twiml',
        statusCallback: 'not a url',
      });
      expect(result).toMatchObject({ ok: false, failure: { kind: 'http', httpStatus: 422 } });
    });
  });

  describe('through the HTTP API', () => {
    let t: TestApp;
    let key: string;

    beforeAll(async () => {
      t = await startApp(
        {},
        {
          PUBLIC_URL,
          PROVIDERS: JSON.stringify({
            sms: [
              {
                id: 'twilio-prism',
                type: 'twilio',
                accountSid: ACCOUNT_SID,
                authToken: AUTH_TOKEN,
                from: FROM,
                apiBaseUrl: prism.baseUrl,
              },
            ],
          }),
        },
      );
      key = (await appWithKey(t, { name: 'contract' })).key;
    });
    afterAll(async () => {
      await t.close();
    });

    it('sends an SMS that reaches SENT with the SID as the provider message id', async () => {
      const accepted = await t.http
        .post('/api/v1/messages/sms')
        .set('x-api-key', key)
        .send({ to: TO, body: 'Contract check' })
        .expect(202);
      const message = await eventually(
        () => t.http.get(`/api/v1/messages/${accepted.body.messageId}`).set('x-api-key', key),
        (res) =>
          res.status === 200 && res.body.status !== 'QUEUED' && res.body.status !== 'SENDING',
        'the message to leave QUEUED and SENDING',
      );
      expect(message.body.status).toBe('SENT');
      expect(message.body.attempts).toEqual([
        expect.objectContaining({
          provider: 'twilio-prism',
          status: 'SENT',
          providerMessageId: EXAMPLE_MESSAGE_SID,
        }),
      ]);
      const request = prism.requests.at(-1)!;
      expect(request.form.get('Body')).toBe('Contract check');
      expect(request.form.get('StatusCallback')).toBe(CALLBACK);
    });

    it('lists the twilio provider in /health', async () => {
      const health = await t.http.get('/api/v1/health').expect(200);
      expect(health.body.channels.sms).toEqual({
        configured: true,
        providers: [{ id: 'twilio-prism', type: 'twilio', circuit: 'closed' }],
        errors: [],
        totalErrors: 0,
      });
      expect(health.body.channels.whatsapp).toEqual({
        configured: false,
        providers: [],
        errors: [],
        totalErrors: 0,
      });
    });
  });
});
