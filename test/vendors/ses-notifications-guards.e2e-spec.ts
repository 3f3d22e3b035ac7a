import { Clock } from '../../src/common/clock/clock';
import { CallbackPatience } from '../../src/provider-reports/callback-patience';
import { readSnsMessage, type SnsMessage } from '../../src/vendors/ses/sns/sns-message';
import { SnsHttpsClient } from '../../src/vendors/ses/sns/sns-https.client';
import { SnsSignatureVerifier } from '../../src/vendors/ses/sns/sns-signature';
import { startApp, type TestApp } from '../harness/test-app';
import {
  CERT_URL,
  makeSigningKey,
  sesDelivery,
  type SigningKey,
  type SnsFields,
  SnsSigner,
  postSns,
  SnsTestHttps,
  TOPIC_ARN,
} from '../support/sns-notifications';
import { SUBSCRIBE_URL } from './ses-notifications-app';

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
