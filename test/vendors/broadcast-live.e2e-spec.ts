import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { type RunningPrism, startPrism } from '../support/prism';
import { appWithKey, startApp, type TestApp } from '../harness/test-app';
import { eventually } from '../support/polling';
import { startPushService, TestSubscriber, type TestPushService } from '../support/push-service';
import { type SmtpReceiver, startSmtpReceiver } from '../support/smtp-receiver';
import { SseClient } from '../support/sse-client';
import { signatureValid, WebhookReceiver } from '../support/webhook-receiver';

const ACCOUNT_SID = 'AC0123456789abcdef0123456789abcdef';
/** The SID of the example message in Twilio's description, which Prism answers with. */
const EXAMPLE_MESSAGE_SID = 'SMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
const SUBJECT = 'Maintenance tonight';
const BODY = 'The service is down from 22:00 to 23:00 UTC.';
const USER_ID = 'user-live-1';
const PHONE = '+14155550100';

interface ChannelResult {
  readonly channel: string;
  readonly success: boolean;
  readonly messageId?: string;
  readonly status?: string;
}

/** What each channel's message ends as: SMTP, Twilio and push services only take it. */
const FINAL_STATUS: Readonly<Record<string, string>> = {
  email: 'SENT',
  sms: 'SENT',
  webhook: 'DELIVERED',
  inapp: 'DELIVERED',
  push: 'SENT',
};

describe('one broadcast over real providers: SMTP, Twilio (Prism), webhook, in-app, Web Push', () => {
  let prism: RunningPrism;
  let smtp: SmtpReceiver;
  let pushService: TestPushService;
  let webhook: WebhookReceiver;
  let t: TestApp;
  let port: number;
  let key: string;
  let callbackSecret: string;

  beforeAll(async () => {
    [prism, smtp, pushService, webhook] = await Promise.all([
      startPrism(),
      startSmtpReceiver({ secure: false, starttls: false }),
      startPushService(),
      new WebhookReceiver(() => 200).start(),
    ]);
    // whatsapp is left out on purpose: the broadcast reports it unconfigured.
    const providers = {
      email: [
        { id: 'smtp', type: 'smtp', host: '127.0.0.1', port: smtp.port, from: 'ops@example.test' },
      ],
      sms: [
        {
          id: 'twilio-prism',
          type: 'twilio',
          accountSid: ACCOUNT_SID,
          authToken: 'live-auth-token',
          from: '+14155550199',
          apiBaseUrl: prism.baseUrl,
        },
      ],
      webhook: [{ id: 'webhook', type: 'webhook' }],
      inapp: [{ id: 'inbox', type: 'inbox' }],
      push: [{ id: 'webpush', type: 'webpush', ca: pushService.ca }],
    };
    t = await startApp(
      {},
      { OUTBOUND_ALLOW_PRIVATE: 'true', PROVIDERS: JSON.stringify(providers) },
    );
    const server = t.app.getHttpServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    ({ key, callbackSecret } = await appWithKey(
      t,
      { name: 'live-broadcast' },
      { scopes: ['broadcast', 'messages:read'] },
    ));
  }, 180_000);
  afterAll(async () => {
    await t.close();
    await Promise.all([prism.stop(), smtp.stop(), pushService.stop(), webhook.stop()]);
  });

  it('sends every configured channel its part in one request, and each part arrives', async () => {
    const stream = await SseClient.open(port, `/api/v1/inbox/${USER_ID}/stream`, {
      'x-api-key': key,
    });
    try {
      expect(stream.res.statusCode).toBe(200);
      await stream.next((item) => item.comment === 'connected');
      const subscriber = new TestSubscriber();
      const pushEndpoint = pushService.endpoint('/push/live-1');
      const channels = ['email', 'sms', 'whatsapp', 'webhook', 'inapp', 'push'];

      const res = await t.http
        .post('/api/v1/broadcasts')
        .set('x-api-key', key)
        .send({
          subject: SUBJECT,
          body: BODY,
          metadata: { campaign: 'maintenance' },
          channels,
          email: 'ann@example.test',
          phone: PHONE,
          webhookUrl: webhook.url('/notify'),
          userId: USER_ID,
          pushSubscription: subscriber.subscription(pushEndpoint),
        })
        .expect(200);

      expect(res.body.results).toEqual(
        channels.map((channel) =>
          channel === 'whatsapp'
            ? {
                channel,
                success: false,
                error: { code: 'CHANNEL_NOT_CONFIGURED', message: expect.any(String) },
              }
            : {
                channel,
                success: true,
                messageId: expect.stringMatching(/^msg_/),
                status: expect.any(String),
              },
        ),
      );
      const messageIds: Record<string, string> = Object.fromEntries(
        (res.body.results as ChannelResult[]).map(({ channel, messageId }) => [
          channel,
          messageId ?? '',
        ]),
      );

      const current = await eventually(
        () => t.http.get(`/api/v1/broadcasts/${res.body.broadcastId}`).set('x-api-key', key),
        (r) =>
          r.status === 200 &&
          (r.body.results as ChannelResult[]).every(
            ({ channel, status }) => status === FINAL_STATUS[channel],
          ),
        'every channel of the broadcast to reach its final status',
      );
      expect(current.body.results).toEqual(
        (res.body.results as ChannelResult[]).map((result) =>
          result.success ? { ...result, status: FINAL_STATUS[result.channel] } : result,
        ),
      );

      // Email: the SMTP server process received it.
      const [mail] = await smtp.waitForMessages(1);
      expect(mail.rcptTo).toEqual(['ann@example.test']);
      const parsed = await simpleParser(mail.raw);
      expect(parsed.subject).toBe(SUBJECT);
      expect(parsed.text?.trim()).toBe(BODY);

      // SMS: Twilio's contract held (no 422) and the message carries Prism's SID.
      const twilioRequests = prism.requests.filter(({ path }) =>
        path.endsWith(`/Accounts/${ACCOUNT_SID}/Messages.json`),
      );
      expect(twilioRequests).toHaveLength(1);
      expect(twilioRequests[0]?.status).toBe(201);
      expect(Object.fromEntries(twilioRequests[0]?.form ?? [])).toMatchObject({
        To: PHONE,
        Body: BODY,
      });
      const sms = await t.http
        .get(`/api/v1/messages/${messageIds.sms}`)
        .set('x-api-key', key)
        .expect(200);
      expect(sms.body.attempts).toEqual([
        expect.objectContaining({
          provider: 'twilio-prism',
          status: 'SENT',
          providerMessageId: EXAMPLE_MESSAGE_SID,
        }),
      ]);

      // Webhook: signed JSON, verified with the app's callback secret.
      expect(webhook.postsTo('/notify')).toHaveLength(1);
      const [post] = webhook.posts;
      const signature = String(post.headers['switchboard-signature']);
      expect(signatureValid(callbackSecret, signature, post.body)).toBe(true);
      expect(JSON.parse(post.body)).toEqual({
        subject: SUBJECT,
        body: BODY,
        metadata: { campaign: 'maintenance' },
        messageId: messageIds.webhook,
        sentAt: expect.any(String),
      });

      // In-app: in the inbox, and pushed over the stream opened before the broadcast.
      const notification = {
        userId: USER_ID,
        messageId: messageIds.inapp,
        subject: SUBJECT,
        body: BODY,
        readAt: null,
      };
      const inbox = await t.http.get(`/api/v1/inbox/${USER_ID}`).set('x-api-key', key).expect(200);
      expect(inbox.body.data).toEqual([expect.objectContaining(notification)]);
      const event = await stream.next((item) => item.event === 'notification');
      expect(JSON.parse(event.data ?? '')).toMatchObject(notification);

      // Push: VAPID verified and the payload decrypted with the subscriber's keys.
      expect(pushService.requests).toHaveLength(1);
      const [pushed] = pushService.requests;
      expect(pushed.path).toBe('/push/live-1');
      expect(pushed.vapidProblem).toBeUndefined();
      expect(JSON.parse(subscriber.decrypt(pushed.body))).toMatchObject({
        title: SUBJECT,
        body: BODY,
        messageId: messageIds.push,
      });
    } finally {
      stream.close();
    }
  });
});
