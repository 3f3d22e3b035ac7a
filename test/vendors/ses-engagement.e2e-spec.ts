import { randomUUID } from 'node:crypto';
import { SnsHttpsClient } from '../../src/vendors/ses/sns/sns-https.client';
import { appWithKey, startApp, type TestApp } from '../harness/test-app';
import { type RecordedEmail } from '../support/engagement-links';
import { eventually } from '../support/polling';
import {
  CERT_URL,
  makeSigningKey,
  postSns,
  type SnsFields,
  SnsSigner,
  SnsTestHttps,
} from '../support/sns-notifications';

const PROVIDERS = JSON.stringify({ email: [{ id: 'ses-box', type: 'scripted' }] });
const DESKTOP = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/124.0';
const CLIENT_IP = '198.51.100.23';

/** A configuration set's Open or Click event, as SES's documentation shows them. */
function sesEngagementEvent(
  kind: 'Open' | 'Click',
  sesMessageId: string,
  destination: readonly string[],
  details: { timestamp: string; userAgent: string; link?: string },
): object {
  const seen = {
    ipAddress: CLIENT_IP,
    timestamp: details.timestamp,
    userAgent: details.userAgent,
    ...(details.link === undefined
      ? {}
      : { link: details.link, linkTags: { campaign: ['spring'] } }),
  };
  return {
    eventType: kind,
    mail: {
      timestamp: new Date().toISOString(),
      source: 'news@example.com',
      sendingAccountId: '123456789012',
      messageId: sesMessageId,
      destination,
      headersTruncated: false,
      tags: { 'ses:configuration-set': ['tracked'] },
    },
    [kind.toLowerCase()]: seen,
  };
}

describe('SES open and click events through Amazon SNS', () => {
  let t: TestApp;
  let apiKey: string;
  let sns: SnsSigner;
  const post = (fields: SnsFields) => postSns(t.http, fields);

  beforeAll(async () => {
    const key = makeSigningKey();
    const https = new SnsTestHttps();
    https.serve(CERT_URL, key.certificatePem);
    t = await startApp(
      { scripted: true, overrides: [{ provide: SnsHttpsClient, useValue: https }] },
      { PROVIDERS },
    );
    ({ key: apiKey } = await appWithKey(t, { name: 'ses-engagement', rateLimitPerMinute: 100000 }));
    sns = new SnsSigner(key);
  });
  afterAll(async () => {
    await t.close();
  });

  const read = async (id: string): Promise<RecordedEmail> =>
    (await t.http.get(`/api/v1/messages/${id}`).set('x-api-key', apiKey).expect(200)).body;

  /** An email the scripted provider took, SES's tracking on its side; its id and SES's. */
  async function sent(to: string[]): Promise<{ id: string; sesMessageId: string; sentAt: number }> {
    const res = await t.http
      .post('/api/v1/messages/email')
      .set('x-api-key', apiKey)
      .send({ to, subject: 'Spring offers', html: '<p>Offers</p>' })
      .expect(202);
    const id: string = res.body.messageId;
    const record: RecordedEmail = (
      await eventually(
        () => t.http.get(`/api/v1/messages/${id}`).set('x-api-key', apiKey),
        (r) => r.status === 200 && r.body.status === 'SENT',
        `message ${id} to be sent`,
      )
    ).body;
    const sesMessageId = record.attempts[0]?.providerMessageId ?? '';
    return { id, sesMessageId, sentAt: Date.parse(record.sentAt ?? '') };
  }

  const later = (sentAt: number, seconds: number): string =>
    new Date(sentAt + seconds * 1000).toISOString();

  it("counts a reader's open and click like the gateway's own tracking, without the IP address", async () => {
    const { id, sesMessageId, sentAt } = await sent(['ann@example.com']);
    const open = sesEngagementEvent('Open', sesMessageId, ['ann@example.com'], {
      timestamp: later(sentAt, 120),
      userAgent: DESKTOP,
    });
    expect((await post(sns.notification(open)).expect(200)).body).toEqual({ outcome: 'applied' });
    const click = sesEngagementEvent('Click', sesMessageId, ['ann@example.com'], {
      timestamp: later(sentAt, 130),
      userAgent: DESKTOP,
      link: 'https://shop.example.com/spring',
    });
    await post(sns.notification(click)).expect(200);

    const record = await read(id);
    expect(record.engagement).toEqual({
      opens: 1,
      clicks: 1,
      machineOpens: 0,
      machineClicks: 0,
      unsubscribes: 0,
      firstOpenedAt: later(sentAt, 120),
      firstClickedAt: later(sentAt, 130),
    });
    expect(record.events.slice(-2)).toEqual([
      { type: 'opened', at: later(sentAt, 120), recipient: 'ann@example.com', client: 'desktop' },
      {
        type: 'clicked',
        at: later(sentAt, 130),
        recipient: 'ann@example.com',
        detail: 'https://shop.example.com/spring',
        client: 'desktop',
      },
    ]);
    expect(JSON.stringify(record)).not.toContain(CLIENT_IP);
  });

  it('counts an event SNS posts twice once', async () => {
    const { id, sesMessageId, sentAt } = await sent(['bob@example.com']);
    const open = sns.notification(
      sesEngagementEvent('Open', sesMessageId, ['bob@example.com'], {
        timestamp: later(sentAt, 300),
        userAgent: DESKTOP,
      }),
    );
    await post(open).expect(200);
    await post({ ...open }).expect(200);
    expect((await read(id)).engagement).toMatchObject({ opens: 1 });
  });

  it("flags Apple's privacy prefetch and opens within seconds of the send as machines", async () => {
    const { id, sesMessageId, sentAt } = await sent(['cat@example.com']);
    for (const [seconds, userAgent] of [
      [600, 'Mozilla/5.0'],
      [2, DESKTOP],
    ] as const) {
      await post(
        sns.notification(
          sesEngagementEvent('Open', sesMessageId, ['cat@example.com'], {
            timestamp: later(sentAt, seconds),
            userAgent,
          }),
        ),
      ).expect(200);
    }
    const record = await read(id);
    expect(record.engagement).toMatchObject({ opens: 0, machineOpens: 2 });
    expect(record.engagement).not.toHaveProperty('firstOpenedAt');
    expect(record.events.filter((event) => event.type === 'opened')).toEqual([
      expect.objectContaining({ client: 'privacy-proxy', machine: true }),
      expect.objectContaining({ client: 'desktop', machine: true }),
    ]);
  });

  it('names no recipient when SES sent one message to several', async () => {
    const { id, sesMessageId, sentAt } = await sent(['dan@example.com', 'eve@example.com']);
    await post(
      sns.notification(
        sesEngagementEvent('Open', sesMessageId, ['dan@example.com', 'eve@example.com'], {
          timestamp: later(sentAt, 60),
          userAgent: DESKTOP,
        }),
      ),
    ).expect(200);
    const [opened] = (await read(id)).events.filter((event) => event.type === 'opened');
    expect(opened).toEqual({ type: 'opened', at: later(sentAt, 60), client: 'desktop' });
  });

  it('answers unknown for a message it does not know, and refuses an unsigned event', async () => {
    const stranger = sesEngagementEvent('Open', `0100018c-${randomUUID()}`, ['x@example.com'], {
      timestamp: new Date().toISOString(),
      userAgent: DESKTOP,
    });
    expect((await post(sns.notification(stranger)).expect(200)).body).toEqual({
      outcome: 'unknown',
    });
    const { id, sesMessageId, sentAt } = await sent(['fay@example.com']);
    const signed = sns.notification(
      sesEngagementEvent('Open', sesMessageId, ['fay@example.com'], {
        timestamp: later(sentAt, 60),
        userAgent: DESKTOP,
      }),
    );
    await post({ ...signed, Signature: Buffer.alloc(256, 1).toString('base64') }).expect(403);
    expect((await read(id)).engagement).toMatchObject({ opens: 0, machineOpens: 0 });
  });
});
