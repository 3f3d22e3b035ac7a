import { Clock } from '../../src/common/clock/clock';
import { CallbackPatience } from '../../src/provider-reports/callback-patience';
import { readSnsMessage, type SnsMessage } from '../../src/vendors/ses/sns/sns-message';
import { SnsHttpsClient } from '../../src/vendors/ses/sns/sns-https.client';
import { SnsSignatureVerifier } from '../../src/vendors/ses/sns/sns-signature';
import { adminToken, appWithKey, bearer, startApp, type TestApp } from '../harness/test-app';
import { eventually } from '../support/polling';
import { ScriptedProvider } from '../support/scripted.provider';
import {
  CERT_URL,
  makeSigningKey,
  sesBounce,
  sesComplaint,
  sesDelivery,
  type SigningKey,
  type SnsFields,
  SnsSigner,
  postSns,
  SnsTestHttps,
  TOPIC_ARN,
} from '../support/sns-notifications';

const PROVIDERS = JSON.stringify({ email: [{ id: 'ses-box', type: 'scripted' }] });
const EVIL_CERT_URL = 'https://evil.example.com/cert.pem';
const HTTP_CERT_URL =
  'http://sns.us-east-1.amazonaws.com/SimpleNotificationService-00007e570000.pem';
const LOOKALIKE_CERT_URL = 'https://sns.us-east-1.amazonaws.com.evil.example.com/cert.pem';
const SUBSCRIBE_URL = `https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=${TOPIC_ARN}&Token=token-for-the-test-subscription`;

interface MessageBody {
  readonly status: string;
  readonly providerStatus?: string;
  readonly attempts: {
    provider: string;
    status: string;
    errorCategory?: string;
    errorMessage?: string;
    providerMessageId?: string;
  }[];
  readonly events: { type: string; recipient?: string; detail?: string }[];
}

describe('SES notifications through Amazon SNS (memory store)', () => {
  let key: SigningKey;
  let otherKey: SigningKey;
  let https: SnsTestHttps;
  let t: TestApp;
  let apiKey: string;
  let appId: string;
  let sns: SnsSigner;
  const post = (fields: SnsFields, contentType?: string) => postSns(t.http, fields, contentType);
  const admin = bearer(adminToken());
  const provider = (): ScriptedProvider => {
    const found = ScriptedProvider.byId.get('ses-box');
    if (!found) throw new Error('no scripted provider ses-box');
    return found;
  };

  beforeAll(async () => {
    key = makeSigningKey();
    otherKey = makeSigningKey();
    https = new SnsTestHttps();
    https.serve(CERT_URL, key.certificatePem);
    // Served too, so that a refusal of these URLs comes from the host rule, not from a 404.
    for (const url of [EVIL_CERT_URL, LOOKALIKE_CERT_URL]) https.serve(url, key.certificatePem);
    t = await startApp(
      { scripted: true, overrides: [{ provide: SnsHttpsClient, useValue: https }] },
      { PROVIDERS, SES_SNS_TOPIC_ARNS: TOPIC_ARN },
    );
    // Unknown message ids are held this long instead of the few seconds a deployment waits.
    t.app.get(CallbackPatience).windowMs = 200;
    ({ appId, key: apiKey } = await appWithKey(t, {
      name: 'ses-notifications',
      rateLimitPerMinute: 100000,
    }));
    sns = new SnsSigner(key);
  });
  afterAll(async () => {
    await t.close();
  });

  const message = async (id: string): Promise<MessageBody> =>
    (await t.http.get(`/api/v1/messages/${id}`).set('x-api-key', apiKey).expect(200)).body;

  async function settled(id: string, statuses: readonly string[]): Promise<MessageBody> {
    const res = await eventually(
      () => t.http.get(`/api/v1/messages/${id}`).set('x-api-key', apiKey),
      (r) => r.status === 200 && statuses.includes(r.body.status),
      `message ${id} to reach ${statuses.join(' or ')}`,
    );
    return res.body;
  }

  /** Sends an email through the scripted provider; its id and SES's (the provider's) id. */
  async function sent(to: string[]): Promise<{ id: string; sesMessageId: string }> {
    const res = await t.http
      .post('/api/v1/messages/email')
      .set('x-api-key', apiKey)
      .send({ to, subject: 'Receipt', text: 'Thanks for your payment.' })
      .expect(202);
    const id: string = res.body.messageId;
    const record = await settled(id, ['SENT']);
    const sesMessageId = record.attempts[0]?.providerMessageId;
    if (sesMessageId === undefined) throw new Error('no provider message id');
    return { id, sesMessageId };
  }

  const suppressions = async (): Promise<{ address: string; reason: string; detail: string }[]> =>
    (await t.http.get('/api/v1/suppressions').query({ appId, limit: 100 }).set(admin).expect(200))
      .body.data;

  const notify = (payload: object, options = {}) =>
    post(sns.notification(payload, options)).expect(200);

  describe('signatures', () => {
    const unknownDelivery = () => sesDelivery('0100018c-not-ours', ['ann@example.com']);

    it.each(['1', '2'] as const)(
      'takes a notification signed with signature version %s',
      async (version) => {
        const res = await post(sns.notification(unknownDelivery(), { version })).expect(200);
        expect(res.body).toEqual({ outcome: 'unknown' });
      },
    );

    it('takes a notification with a Subject, and one posted as application/json', async () => {
      await post(sns.notification(unknownDelivery(), { subject: 'Amazon SES Email Event' })).expect(
        200,
      );
      await post(sns.notification(unknownDelivery()), 'application/json').expect(200);
    });

    function forbidden(fields: SnsFields) {
      return post(fields)
        .expect(403)
        .expect((res) => {
          expect(res.body).toEqual({
            code: 'FORBIDDEN',
            message: 'The request is not a message signed by Amazon SNS.',
          });
        });
    }

    it('refuses a forged signature, one made with another key, and an unsigned message', async () => {
      const forged = sns.notification(unknownDelivery());
      await forbidden({ ...forged, Signature: Buffer.alloc(256, 7).toString('base64') });
      await forbidden(sns.notification(unknownDelivery(), { key: otherKey }));
      await forbidden(sns.notification(unknownDelivery(), { key: otherKey, version: '1' }));
      await forbidden({ ...sns.notification(unknownDelivery()), Signature: undefined });
      await forbidden({ ...sns.notification(unknownDelivery()), SignatureVersion: '3' });
    });

    it('refuses a tampered message and changes nothing', async () => {
      const { id, sesMessageId } = await sent(['tampered@example.com']);
      const signed = sns.notification(sesDelivery(sesMessageId, ['tampered@example.com']));
      const tampered = {
        ...signed,
        Message: JSON.stringify(
          sesBounce(sesMessageId, 'Permanent', 'General', ['tampered@example.com']),
        ),
      };
      await forbidden(tampered);
      await forbidden({ ...signed, TopicArn: `${TOPIC_ARN}-other` });
      await forbidden({ ...signed, Subject: 'added after signing' });
      const after = await message(id);
      expect(after.status).toBe('SENT');
      expect(after.events.map((event) => event.type)).toEqual(['queued', 'sent']);
      expect((await suppressions()).map((entry) => entry.address)).not.toContain(
        'tampered@example.com',
      );
    });

    it.each([
      ['another host', EVIL_CERT_URL],
      ['plain http', HTTP_CERT_URL],
      ['a host that only starts like SNS', LOOKALIKE_CERT_URL],
      ['a file that is no .pem', 'https://sns.us-east-1.amazonaws.com/cert.txt'],
    ])('refuses a certificate URL on %s without fetching it', async (_case, certUrl) => {
      const before = https.requested.length;
      await forbidden(sns.notification(unknownDelivery(), { certUrl }));
      expect(https.requested.slice(before)).toEqual([]);
    });

    it('fetches a certificate once and keeps it', async () => {
      await notify(unknownDelivery());
      await notify(unknownDelivery());
      expect(https.requested.filter((url) => url === CERT_URL)).toHaveLength(1);
    });

    it('answers 503 when the certificate cannot be fetched, so that SNS posts again', async () => {
      const certUrl =
        'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-0000dead0000.pem';
      const res = await post(sns.notification(unknownDelivery(), { certUrl })).expect(503);
      expect(res.body.code).toBe('SERVICE_UNAVAILABLE');
    });

    it('refuses a body that is no SNS message', async () => {
      await t.http
        .post('/api/v1/webhooks/ses')
        .set('Content-Type', 'text/plain')
        .send('not json')
        .expect(403);
      await t.http.post('/api/v1/webhooks/ses').send({ hello: 'world' }).expect(403);
    });
  });

  describe('replays', () => {
    it('ignores a signed notice sent over an hour ago', async () => {
      const { id, sesMessageId } = await sent(['old.notice@example.com']);
      const fresh = sns.notification(
        sesBounce(sesMessageId, 'Permanent', 'General', ['old.notice@example.com']),
      );
      const old = sns.sign({
        ...fresh,
        Timestamp: new Date(Date.now() - 61 * 60_000).toISOString(),
      });
      expect((await post(old).expect(200)).body).toEqual({ outcome: 'ignored' });
      expect((await message(id)).status).toBe('SENT');
      expect((await suppressions()).map((entry) => entry.address)).not.toContain(
        'old.notice@example.com',
      );
    });

    it('applies a notice once, however often it is posted again', async () => {
      const { id, sesMessageId } = await sent(['twice@example.com']);
      const notice = sns.notification(sesComplaint(sesMessageId, ['twice@example.com']));
      expect((await post(notice).expect(200)).body).toEqual({ outcome: 'applied' });
      await t.http
        .delete('/api/v1/suppressions/twice@example.com')
        .query({ appId })
        .set(admin)
        .expect(204);
      expect((await post(notice).expect(200)).body).toEqual({ outcome: 'ignored' });
      expect((await suppressions()).map((entry) => entry.address)).not.toContain(
        'twice@example.com',
      );
      expect(
        (await message(id)).events.filter((event) => event.type === 'complained'),
      ).toHaveLength(1);
    });
  });

  describe('subscriptions', () => {
    it('confirms a subscription by visiting its SubscribeURL', async () => {
      const res = await post(
        sns.confirmation('SubscriptionConfirmation', SUBSCRIBE_URL, { version: '1' }),
      ).expect(200);
      expect(res.body).toEqual({ outcome: 'confirmed' });
      expect(https.requested).toContain(new URL(SUBSCRIBE_URL).href);
    });

    it('visits no SubscribeURL off SNS, nor one of a confirmation that is not signed', async () => {
      const evil = 'https://evil.example.com/?Action=ConfirmSubscription&Token=x';
      await post(sns.confirmation('SubscriptionConfirmation', evil)).expect(403);
      const forged = sns.confirmation('SubscriptionConfirmation', SUBSCRIBE_URL, {
        key: otherKey,
      });
      const before = https.requested.length;
      await post(forged).expect(403);
      expect(https.requested.slice(before)).not.toContain(new URL(SUBSCRIBE_URL).href);
      expect(https.requested).not.toContain(new URL(evil).href);
    });

    it('takes an unsubscribe confirmation without visiting anything', async () => {
      const before = https.requested.length;
      const res = await post(sns.confirmation('UnsubscribeConfirmation', SUBSCRIBE_URL)).expect(
        200,
      );
      expect(res.body).toEqual({ outcome: 'ignored' });
      expect(https.requested.slice(before)).toEqual([]);
    });
  });

  describe('bounces, complaints and deliveries', () => {
    it('records a permanent bounce for its recipient, ends the message UNDELIVERABLE and suppresses the address', async () => {
      const { id, sesMessageId } = await sent(['Hard.Bounce@example.com']);
      const res = await notify(
        sesBounce(sesMessageId, 'Permanent', 'General', ['hard.bounce@example.com']),
      );
      expect(res.body).toEqual({ outcome: 'applied' });
      const after = await message(id);
      expect(after.status).toBe('UNDELIVERABLE');
      expect(after.providerStatus).toBe('Bounce');
      expect(after.events.at(-1)).toEqual({
        type: 'bounced',
        at: expect.any(String),
        recipient: 'hard.bounce@example.com',
        detail: 'Permanent/General',
      });
      expect(await suppressions()).toContainEqual({
        appId,
        address: 'hard.bounce@example.com',
        reason: 'hard_bounce',
        detail: 'Permanent/General',
        messageId: id,
        createdAt: expect.any(String),
      });
      const again = await notify(
        sesBounce(sesMessageId, 'Permanent', 'General', ['hard.bounce@example.com']),
      );
      expect(again.body).toEqual({ outcome: 'unchanged' });
    });

    it('records a transient bounce and nothing more', async () => {
      const { id, sesMessageId } = await sent(['soft.bounce@example.com']);
      await notify(
        sesBounce(sesMessageId, 'Transient', 'MailboxFull', ['soft.bounce@example.com']),
      );
      const after = await message(id);
      expect(after.status).toBe('SENT');
      expect(after.events.at(-1)).toMatchObject({
        type: 'bounced',
        recipient: 'soft.bounce@example.com',
        detail: 'Transient/MailboxFull',
      });
      expect((await suppressions()).map((entry) => entry.address)).not.toContain(
        'soft.bounce@example.com',
      );
    });

    it('suppresses the address of a complaint', async () => {
      const { id, sesMessageId } = await sent(['complainer@example.com']);
      await notify(sesComplaint(sesMessageId, ['complainer@example.com']), { version: '1' });
      const after = await message(id);
      expect(after.status).toBe('UNDELIVERABLE');
      expect(after.events.at(-1)).toMatchObject({
        type: 'complained',
        recipient: 'complainer@example.com',
        detail: 'abuse',
      });
      expect(await suppressions()).toContainEqual(
        expect.objectContaining({
          address: 'complainer@example.com',
          reason: 'complaint',
          detail: 'abuse',
        }),
      );
    });

    it('is DELIVERED once SES delivered to every recipient', async () => {
      const { id, sesMessageId } = await sent(['ann@example.com', 'bob@example.com']);
      await notify(sesDelivery(sesMessageId, ['ann@example.com']));
      expect((await message(id)).status).toBe('SENT');
      await notify(sesDelivery(sesMessageId, ['bob@example.com']));
      const after = await message(id);
      expect(after.status).toBe('DELIVERED');
      expect(after.events.filter((event) => event.type === 'delivered')).toEqual([
        expect.objectContaining({ recipient: 'ann@example.com' }),
        expect.objectContaining({ recipient: 'bob@example.com' }),
      ]);
    });

    it('keeps the status when only some recipients bounced, and suppresses those', async () => {
      const { id, sesMessageId } = await sent(['gone@example.com', 'here@example.com']);
      await notify(sesBounce(sesMessageId, 'Permanent', 'NoEmail', ['gone@example.com']));
      await notify(sesDelivery(sesMessageId, ['here@example.com']));
      expect((await message(id)).status).toBe('SENT');
      const listed = (await suppressions()).map((entry) => entry.address);
      expect(listed).toContain('gone@example.com');
      expect(listed).not.toContain('here@example.com');
    });

    it('sends nothing to a suppressed address later: UNDELIVERABLE, with the reason, no provider call', async () => {
      const { sesMessageId } = await sent(['later@example.com']);
      await notify(sesBounce(sesMessageId, 'Permanent', 'General', ['later@example.com']));
      const res = await t.http
        .post('/api/v1/messages/email')
        .set('x-api-key', apiKey)
        .send({ to: ['ok@example.com', 'LATER@example.com'], subject: 'Again', text: 'Hello' })
        .expect(202);
      const refused = await settled(res.body.messageId, ['UNDELIVERABLE', 'SENT', 'FAILED']);
      expect(refused.status).toBe('UNDELIVERABLE');
      expect(refused.attempts).toEqual([
        expect.objectContaining({
          provider: 'suppression-list',
          status: 'UNDELIVERABLE',
          errorCategory: 'INVALID_RECIPIENT',
          errorMessage: expect.stringContaining(
            'later@example.com (bounced for good: Permanent/General)',
          ),
        }),
      ]);
      expect(provider().sent).not.toContain(res.body.messageId);
    });

    it('sends again once an admin removed the address from the list', async () => {
      const { sesMessageId } = await sent(['back@example.com']);
      await notify(sesComplaint(sesMessageId, ['back@example.com']));
      await t.http
        .delete('/api/v1/suppressions/back@example.com')
        .query({ appId })
        .set(admin)
        .expect(204);
      const { id } = await sent(['back@example.com']);
      expect(provider().sent).toContain(id);
    });

    it('neither records nor suppresses an address the message was not sent to', async () => {
      const { id, sesMessageId } = await sent(['ann@example.com']);
      const foreign = ['ceo@bigcustomer.example'];
      await notify(sesBounce(sesMessageId, 'Permanent', 'General', foreign));
      await notify(sesComplaint(sesMessageId, [...foreign, 'cfo@bigcustomer.example']));
      const after = await message(id);
      expect(after.status).toBe('SENT');
      expect(after.events.map((event) => event.recipient)).not.toContain(foreign[0]);
      const listed = (await suppressions()).map((entry) => entry.address);
      expect(listed).not.toContain('ceo@bigcustomer.example');
      expect(listed).not.toContain('cfo@bigcustomer.example');
      const next = await sent(['ceo@bigcustomer.example']);
      expect(provider().sent).toContain(next.id);
    });

    it('answers a notification about a message it does not know as unknown', async () => {
      const res = await notify(sesBounce('0100018c-unknown', 'Permanent', 'General', ['x@y.io']));
      expect(res.body).toEqual({ outcome: 'unknown' });
      expect((await suppressions()).map((entry) => entry.address)).not.toContain('x@y.io');
    });

    it('ignores SES notifications it does not act on', async () => {
      // Open and Click count as engagement (ses-engagement.e2e-spec.ts); Send says nothing new.
      const { sesMessageId } = await sent(['handed@example.com']);
      const res = await notify({ eventType: 'Send', mail: { messageId: sesMessageId }, send: {} });
      expect(res.body).toEqual({ outcome: 'ignored' });
    });
  });
});

/** What a test gets from `withOwnApp`: the app, the SNS side and a signer SNS would be. */
interface OwnApp {
  readonly t: TestApp;
  readonly https: SnsTestHttps;
  readonly sns: SnsSigner;
}

/** Runs `test` against an app of its own (with `env`) that SNS posts to; closes it after. */
async function withOwnApp(env: Record<string, string>, test: (own: OwnApp) => Promise<void>) {
  const key = makeSigningKey();
  const https = new SnsTestHttps();
  https.serve(CERT_URL, key.certificatePem);
  const t = await startApp({ overrides: [{ provide: SnsHttpsClient, useValue: https }] }, env);
  t.app.get(CallbackPatience).windowMs = 100;
  try {
    await test({ t, https, sns: new SnsSigner(key) });
  } finally {
    await t.close();
  }
}

const anyDelivery = () => sesDelivery('0100018c-x', ['a@b.io']);

describe('SES notifications from accepted topics only', () => {
  it('refuses a signed notification of a topic not in SES_SNS_TOPIC_ARNS', async () => {
    const env = { SES_SNS_TOPIC_ARNS: `${TOPIC_ARN}-other,${TOPIC_ARN}-more` };
    await withOwnApp(env, async ({ t, https, sns }) => {
      const post = (fields: SnsFields) => postSns(t.http, fields);
      await post(sns.notification(anyDelivery())).expect(403);
      const accepted = sns.sign({
        ...sns.notification(anyDelivery()),
        TopicArn: `${TOPIC_ARN}-more`,
      });
      await post(accepted).expect(200);
      const subscribe = `https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=${TOPIC_ARN}&Token=t`;
      await post(sns.confirmation('SubscriptionConfirmation', subscribe)).expect(403);
      expect(https.requested).not.toContain(new URL(subscribe).href);
    });
  });
});

describe('SES notifications without SES_SNS_TOPIC_ARNS (outside production)', () => {
  it('takes notifications of any topic, and confirms no subscription', async () => {
    await withOwnApp({}, async ({ t, https, sns }) => {
      await postSns(t.http, sns.notification(anyDelivery())).expect(200);
      const confirmation = sns.confirmation('SubscriptionConfirmation', SUBSCRIBE_URL);
      const res = await postSns(t.http, confirmation).expect(200);
      expect(res.body).toEqual({ outcome: 'ignored' });
      expect(https.requested).not.toContain(new URL(SUBSCRIBE_URL).href);
    });
  });
});

describe('the SES report route’s own per-IP budget', () => {
  it('refuses an address past its budget before checking anything, and leaves other routes alone', async () => {
    await withOwnApp({ RATE_LIMIT_WEBHOOK_IP_PER_MINUTE: '70' }, async ({ t, https, sns }) => {
      // More than the general per-IP budget of callers without credentials (60 a minute).
      for (let i = 0; i < 70; i += 1) {
        await postSns(t.http, sns.notification(anyDelivery())).expect(200);
      }
      // The sliding window weighs the last minute's hits by how much of it is left, so across a
      // window's edge a few more posts may pass; within five more the budget is spent.
      const statuses: number[] = [];
      while (statuses.at(-1) !== 429 && statuses.length < 5) {
        statuses.push((await postSns(t.http, sns.notification(anyDelivery()))).status);
      }
      expect(statuses.at(-1)).toBe(429);
      const refused = await postSns(t.http, sns.notification({}, { certUrl: `${CERT_URL}x` }));
      expect(refused.status).toBe(429);
      expect(refused.headers['retry-after']).toBeDefined();
      expect(https.requested).toEqual([CERT_URL]);
      await t.http.get('/api/v1/me').expect(401);
    });
  });
});

describe('SNS certificates under a flood of certificate URLs', () => {
  it('keeps the certificate that signed messages, and fetches ten new URLs a minute at most', async () => {
    await withOwnApp({}, async ({ t, https, sns }) => {
      // Real certificates at SNS-like URLs, as SNS publishes for every region: fetched, none signs.
      const flood = Array.from(
        { length: 30 },
        (_, i) =>
          `https://sns.us-east-1.amazonaws.com/SimpleNotificationService-${i.toString(16).padStart(8, '0')}.pem`,
      );
      const foreign = makeSigningKey().certificatePem;
      for (const url of flood) https.serve(url, foreign);
      await postSns(t.http, sns.notification(anyDelivery())).expect(200);
      const statuses: number[] = [];
      for (const certUrl of flood) {
        statuses.push((await postSns(t.http, sns.notification({}, { certUrl }))).status);
      }
      // The genuine certificate took one fetch of the minute's ten.
      expect(statuses.filter((status) => status === 403)).toHaveLength(9);
      expect(statuses.filter((status) => status === 503)).toHaveLength(21);
      expect(https.requested.filter((url) => flood.includes(url))).toHaveLength(9);
      await postSns(t.http, sns.notification(anyDelivery())).expect(200);
      expect(https.requested.filter((url) => url === CERT_URL)).toHaveLength(1);
    });
  });
});

describe('SnsSignatureVerifier', () => {
  class ClockAt extends Clock {
    constructor(private readonly at: Date) {
      super();
    }
    override now(): Date {
      return this.at;
    }
    override nowMs(): number {
      return this.at.getTime();
    }
  }

  let key: SigningKey;
  let https: SnsTestHttps;
  let signed: SnsMessage;
  beforeAll(() => {
    key = makeSigningKey(1);
    https = new SnsTestHttps();
    https.serve(CERT_URL, key.certificatePem);
    const sns = new SnsSigner(key);
    const message = readSnsMessage(sns.notification(sesDelivery('0100018c-x', ['a@b.io'])));
    if (!message) throw new Error('unreadable');
    signed = message;
  });

  it('takes the signature while the certificate is valid, and not before or after', async () => {
    const day = 24 * 60 * 60 * 1000;
    const at = (offset: number) =>
      new SnsSignatureVerifier(https, new ClockAt(new Date(Date.now() + offset)));
    expect(await at(0).verify(signed)).toBe('valid');
    expect(await at(2 * day).verify(signed)).toBe('expired');
    expect(await at(-day).verify(signed)).toBe('expired');
  });
});
