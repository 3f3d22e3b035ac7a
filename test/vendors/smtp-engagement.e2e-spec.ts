import { simpleParser, type ParsedMail } from 'mailparser';
import { Clock } from '../../src/common/clock/clock';
import { adminToken, appWithKey, bearer, startApp, type TestApp } from '../harness/test-app';
import {
  headerValue,
  htmlOf,
  linksIn,
  pathOf,
  PUBLIC_URL,
  type RecordedEmail,
  sendEmail,
  settledEmail,
  unsubscribeLinkOf,
} from '../support/engagement-links';
import { until } from '../support/polling';
import { ShiftedClock } from '../support/shifted-clock';
import { type SmtpReceiver, startSmtpReceiver } from '../support/smtp-receiver';
import { WebhookReceiver } from '../support/webhook-receiver';

const EMAIL_FROM = 'news@example.test';
const ENCRYPTION_KEY = 'a'.repeat(64);
const SHOP = 'https://shop.example.test/spring?utm=mail&x=1';
const HELP = 'https://help.example.test/faq';
const DESKTOP =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36';
const APPLE_PRIVACY_PROXY = 'Mozilla/5.0';

describe('email engagement over SMTP: tracking and one-click unsubscribe', () => {
  let receiver: SmtpReceiver;
  let callbacks: WebhookReceiver;
  let t: TestApp;
  let key: string;
  let appId: string;
  const clock = new ShiftedClock();

  beforeAll(async () => {
    receiver = await startSmtpReceiver({ secure: false, starttls: false });
    callbacks = await new WebhookReceiver(() => 200).start();
    t = await startApp(
      { overrides: [{ provide: Clock, useValue: clock }] },
      {
        SMTP_URL: `smtp://127.0.0.1:${receiver.port}`,
        EMAIL_FROM,
        PUBLIC_URL,
        ENCRYPTION_KEY,
        OUTBOUND_ALLOW_PRIVATE: 'true',
        RATE_LIMIT_IP_PER_MINUTE: '1000',
      },
    );
    ({ appId, key } = await appWithKey(t, { name: 'newsletters', rateLimitPerMinute: 100000 }));
  });
  afterAll(async () => {
    await t.close();
    await callbacks.stop();
    await receiver.stop();
  });
  beforeEach(() => {
    receiver.reset();
  });

  const send = (body: Record<string, unknown>) => sendEmail(t, key, body);
  const read = async (id: string): Promise<RecordedEmail> =>
    (await t.http.get(`/api/v1/messages/${id}`).set('x-api-key', key).expect(200)).body;
  const settled = (id: string) => settledEmail(t, key, id);
  const received = async (count: number): Promise<ParsedMail[]> =>
    Promise.all((await receiver.waitForMessages(count)).map((mail) => simpleParser(mail.raw)));

  describe('a newsletter with tracking and one-click unsubscribe, to two recipients', () => {
    let id: string;
    let ann: ParsedMail;
    let bob: ParsedMail;

    beforeAll(async () => {
      receiver.reset();
      const accepted = await send({
        to: 'ann@example.test',
        cc: 'Bob@Example.test',
        subject: 'Spring offers',
        html: `<html><body><p>Hello, see <a href="${SHOP.replace('&', '&amp;')}">our offers</a>.</p></body></html>`,
        text: `Hello, see our offers: ${SHOP} .\nHelp: ${HELP}`,
        tracking: { opens: true, clicks: true },
        unsubscribe: true,
        topic: 'newsletter',
        callbackUrl: callbacks.url('/status'),
      });
      id = accepted.body.messageId;
      const mails = await receiver.waitForMessages(2);
      const byRecipient = new Map(
        await Promise.all(
          mails.map(async (mail) => [mail.rcptTo.join(','), await simpleParser(mail.raw)] as const),
        ),
      );
      const [first, second] = [
        byRecipient.get('ann@example.test'),
        byRecipient.get('bob@example.test'),
      ];
      if (!first || !second)
        throw new Error(`copies went to ${[...byRecipient.keys()].join('; ')}`);
      [ann, bob] = [first, second];
    });

    it('gives each recipient a copy of its own, with the To and Cc of the message', async () => {
      for (const mail of [ann, bob]) {
        expect(mail.subject).toBe('Spring offers');
        expect(headerValue(mail, 'To')).toBe('ann@example.test');
        // The address as given (its domain is case-insensitive, and written lower-case).
        expect(headerValue(mail, 'Cc')).toMatch(/^Bob@example\.test$/i);
        expect(headerValue(mail, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
        expect(headerValue(mail, 'List-Unsubscribe')).toMatch(
          /^<https:\/\/mail\.switchboard\.test\/api\/v1\/unsubscribe\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+>$/,
        );
      }
      expect(unsubscribeLinkOf(ann)).not.toBe(unsubscribeLinkOf(bob));
      expect(linksIn(htmlOf(ann)).opens).not.toEqual(linksIn(htmlOf(bob)).opens);
      const record = await settled(id);
      expect(record.status).toBe('SENT');
      expect(record.providerMessageIds).toHaveLength(2);
      expect(record.providerMessageIds).toEqual(
        expect.arrayContaining([ann.messageId, bob.messageId]),
      );
      expect(record.events.filter((event) => event.type === 'sent')).toEqual([
        expect.objectContaining({ recipient: 'ann@example.test', detail: 'smtp' }),
        expect.objectContaining({ recipient: 'bob@example.test', detail: 'smtp' }),
      ]);
      expect(record.sentAt).toEqual(expect.any(String));
      expect(record.engagement).toEqual({
        opens: 0,
        clicks: 0,
        machineOpens: 0,
        machineClicks: 0,
        unsubscribes: 0,
      });
    });

    it('rewrites the links of the HTML part and of the text part, and adds a pixel', () => {
      const html = linksIn(htmlOf(ann));
      expect(html.opens).toHaveLength(1);
      expect(html.clicks).toHaveLength(1);
      expect(htmlOf(ann)).not.toContain('shop.example.test');
      const text = linksIn(ann.text ?? '');
      expect(text.clicks).toHaveLength(2);
      expect(ann.text).not.toContain('example.test/');
      expect(ann.text).toMatch(
        /^Hello, see our offers: https:\/\/mail\.switchboard\.test\/\S+ \.\nHelp: /,
      );
    });

    it('counts an open at once as a machine, and a reader a minute later as a person', async () => {
      const [pixel = ''] = linksIn(htmlOf(ann)).opens;
      const prefetch = await t.http
        .get(pathOf(pixel))
        .set('User-Agent', APPLE_PRIVACY_PROXY)
        .expect(200);
      expect(prefetch.headers['content-type']).toBe('image/gif');
      expect(prefetch.headers['cache-control']).toContain('no-store');
      expect((prefetch.body as Buffer).subarray(0, 6).toString('latin1')).toBe('GIF89a');
      expect((await read(id)).engagement).toMatchObject({ opens: 0, machineOpens: 1 });

      clock.advance(60_000);
      await t.http.get(pathOf(pixel)).set('User-Agent', DESKTOP).expect(200);
      const record = await read(id);
      expect(record.engagement).toMatchObject({ opens: 1, machineOpens: 1 });
      const opened = record.events.filter((event) => event.type === 'opened');
      expect(opened).toEqual([
        expect.objectContaining({
          recipient: 'ann@example.test',
          client: 'privacy-proxy',
          machine: true,
        }),
        expect.objectContaining({ recipient: 'ann@example.test', client: 'desktop' }),
      ]);
      expect(opened[1]).not.toHaveProperty('machine');
      expect(record.engagement.firstOpenedAt).toBe(opened[1]?.at);
      expect(Date.parse(opened[1]?.at ?? '') - Date.parse(record.sentAt ?? '')).toBeGreaterThan(
        59_000,
      );
    });

    it('redirects a click to exactly the URL of the message, from the HTML part and the text part', async () => {
      const [htmlLink = ''] = linksIn(htmlOf(bob)).clicks;
      const [textShop = '', textHelp = ''] = linksIn(bob.text ?? '').clicks;
      const fromHtml = await t.http.get(pathOf(htmlLink)).set('User-Agent', DESKTOP).expect(302);
      expect(fromHtml.headers.location).toBe(SHOP);
      expect((await t.http.get(pathOf(textShop)).expect(302)).headers.location).toBe(SHOP);
      expect((await t.http.get(pathOf(textHelp)).expect(302)).headers.location).toBe(HELP);
      const record = await read(id);
      expect(record.engagement).toMatchObject({ clicks: 3 });
      expect(record.engagement.firstClickedAt).toEqual(expect.any(String));
      expect(record.events.filter((event) => event.type === 'clicked')).toEqual([
        expect.objectContaining({ recipient: 'bob@example.test', detail: SHOP, client: 'desktop' }),
        expect.objectContaining({ recipient: 'bob@example.test', detail: SHOP }),
        expect.objectContaining({ recipient: 'bob@example.test', detail: HELP }),
      ]);
    });

    it('answers a tampered link 404, redirecting nowhere and recording nothing', async () => {
      const before = await read(id);
      const [link = ''] = linksIn(htmlOf(ann)).clicks;
      const token = link.slice(link.lastIndexOf('/') + 1);
      const [payload = '', tag = ''] = token.split('.');
      const forged = Buffer.from(payload, 'base64url')
        .toString('utf8')
        .replace('shop.example.test', 'evil.example.test');
      const tampered = [
        `${Buffer.from(forged, 'utf8').toString('base64url')}.${tag}`,
        `${payload}.${tag.slice(0, -1)}${tag.endsWith('A') ? 'B' : 'A'}`,
        payload,
      ];
      for (const bad of tampered) {
        const res = await t.http.get(`/api/v1/track/click/${bad}`).expect(404);
        expect(res.headers.location).toBeUndefined();
        expect(res.body).toEqual({ code: 'NOT_FOUND', message: 'No such link.' });
      }
      await t.http.get(`/api/v1/track/open/${token}`).expect(404);
      await t.http.post(`/api/v1/unsubscribe/${token}`).expect(404);
      expect((await read(id)).engagement).toEqual(before.engagement);
    });

    it('finds the message by its engagement events', async () => {
      const list = async (event: string): Promise<string[]> =>
        (
          await t.http.get('/api/v1/messages').query({ event }).set('x-api-key', key).expect(200)
        ).body.data.map((message: { messageId: string }) => message.messageId);
      expect(await list('opened')).toContain(id);
      expect(await list('clicked')).toContain(id);
      expect(await list('unsubscribed')).not.toContain(id);
    });

    it('unsubscribes with the header link as a mailbox provider posts it, once, and tells the app', async () => {
      const link = unsubscribeLinkOf(bob);
      const page = await t.http.get(pathOf(link)).expect(200);
      expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(page.text).toContain('<form method="post">');
      expect(page.text).toContain('emails about newsletter');
      expect(page.text).not.toMatch(/<script/i);
      expect((await read(id)).engagement.unsubscribes).toBe(0);

      for (let time = 0; time < 2; time += 1) {
        const res = await t.http
          .post(pathOf(link))
          .type('form')
          .send('List-Unsubscribe=One-Click')
          .expect(200);
        expect(res.text).toBe('');
      }
      const record = await read(id);
      expect(record.engagement.unsubscribes).toBe(1);
      expect(record.events.filter((event) => event.type === 'unsubscribed')).toEqual([
        expect.objectContaining({ recipient: 'bob@example.test', detail: 'from newsletter' }),
      ]);
      const listed = await t.http
        .get('/api/v1/suppressions')
        .query({ appId })
        .set(bearer(adminToken()))
        .expect(200);
      expect(listed.body.data).toEqual([
        expect.objectContaining({
          address: 'bob@example.test',
          topic: 'newsletter',
          reason: 'unsubscribed',
          messageId: id,
        }),
      ]);
      await until(
        () => callbacks.postsTo('/status').some((post) => post.body.includes('message.event')),
        'the unsubscribe callback',
      );
      const posted = callbacks
        .postsTo('/status')
        .map((post) => JSON.parse(post.body) as Record<string, unknown>)
        .filter((body) => body.type === 'message.event');
      expect(posted).toEqual([
        expect.objectContaining({
          messageId: id,
          status: 'SENT',
          event: expect.objectContaining({ type: 'unsubscribed', recipient: 'bob@example.test' }),
        }),
      ]);
    });

    it('then refuses that topic to the recipient, and sends other topics', async () => {
      const refused = await send({
        to: 'bob@example.test',
        subject: 'More offers',
        text: 'Still here?',
        topic: 'newsletter',
      });
      const record = await settled(refused.body.messageId);
      expect(record.status).toBe('UNDELIVERABLE');
      expect(record.attempts).toEqual([
        expect.objectContaining({
          provider: 'suppression-list',
          errorMessage: expect.stringContaining('bob@example.test (unsubscribed: from newsletter)'),
        }),
      ]);
      const receipt = await send({
        to: 'bob@example.test',
        subject: 'Your receipt',
        text: 'Thanks.',
        topic: 'receipts',
      });
      expect((await settled(receipt.body.messageId)).status).toBe('SENT');
      const [mail] = await received(1);
      expect(mail.subject).toBe('Your receipt');
      expect(headerValue(mail, 'List-Unsubscribe')).toBeUndefined();
    });
  });

  it("sums the app's engagement up per day and per template", async () => {
    const summary = await t.http
      .get(`/api/v1/apps/${appId}/engagement`)
      .set('x-api-key', key)
      .expect(200);
    expect(summary.body.totals).toMatchObject({ opens: 1, clicks: 3, unsubscribes: 1, bounces: 0 });
    expect(summary.body.totals.sends).toBe(2);
    expect(summary.body.days).toHaveLength(1);
    expect(summary.body.templates).toEqual([
      expect.objectContaining({ templateId: null, opens: 1, clicks: 3 }),
    ]);
    expect(summary.body.truncated).toBe(false);
  });
});
