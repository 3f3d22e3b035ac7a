import type {
  ListedMessage,
  MessageLog,
  MessagePage,
  MessagePosition,
  MessageQuery,
} from '../../src/message-log/message-log';
import {
  aMessage,
  anApp,
  at,
  DAY,
  hex,
  ids,
  MINUTE,
  type MessageStoresFixture,
  SECOND,
  insertAll,
} from './message-fixtures';

const isAfter = (a: MessagePosition, b: MessagePosition): boolean =>
  a.createdAt < b.createdAt || (a.createdAt.getTime() === b.createdAt.getTime() && a.id < b.id);

/** How the log lists and pages: part of the MessageLog contract, on its stores. */
export function describeMessagePaging(stores: () => MessageStoresFixture): void {
  let log: MessageLog;

  beforeAll(() => {
    ({ log } = stores());
  });

  describe('listing', () => {
    const appId = anApp();
    const list = (query: Omit<MessageQuery, 'limit'>): Promise<MessagePage> =>
      log.list({ appId }, { limit: 100, ...query });

    const sms = aMessage(appId, {
      to: ['+15555550101'],
      metadata: { team: 'a' },
      createdAt: at(1 * MINUTE),
    });
    const email = aMessage(appId, {
      channel: 'email',
      status: 'SENT',
      to: ['ada@example.com', 'grace@example.com'],
      metadata: { team: 'b', tier: 'gold' },
      createdAt: at(2 * MINUTE),
    });
    const sentSms = aMessage(appId, {
      status: 'SENT',
      to: ['+15555550102'],
      metadata: { team: 'a', tier: 'gold' },
      createdAt: at(3 * MINUTE),
    });
    const whatsapp = aMessage(appId, {
      channel: 'whatsapp',
      status: 'FAILED',
      to: ['+15555550101'],
      createdAt: at(4 * MINUTE),
    });

    beforeAll(async () => {
      await insertAll(log, [sms, email, sentSms, whatsapp]);
      await log.insert(aMessage(anApp(), { to: ['+15555550101'], metadata: { team: 'a' } }));
    });

    it("lists the app's own messages newest first", async () => {
      const page = await list({});
      expect(ids(page)).toEqual([whatsapp.id, sentSms.id, email.id, sms.id]);
      expect(page.items[0]).toStrictEqual(whatsapp);
      expect(page.next).toBeUndefined();
      expect(page.total).toBeUndefined();
    });

    it('filters by channel, status, one destination, time range and metadata', async () => {
      expect(ids(await list({ channel: 'sms' }))).toEqual([sentSms.id, sms.id]);
      expect(ids(await list({ status: 'SENT' }))).toEqual([sentSms.id, email.id]);
      expect(ids(await list({ to: '+15555550101' }))).toEqual([whatsapp.id, sms.id]);
      expect(ids(await list({ to: 'grace@example.com' }))).toEqual([email.id]);
      expect(ids(await list({ after: at(2 * MINUTE) }))).toEqual([
        whatsapp.id,
        sentSms.id,
        email.id,
      ]);
      expect(ids(await list({ before: at(2 * MINUTE) }))).toEqual([email.id, sms.id]);
      expect(ids(await list({ metadata: { team: 'a' } }))).toEqual([sentSms.id, sms.id]);
      expect(ids(await list({ metadata: { tier: 'gold' } }))).toEqual([sentSms.id, email.id]);
    });

    it('combines filters with AND', async () => {
      expect(ids(await list({ metadata: { team: 'a', tier: 'gold' } }))).toEqual([sentSms.id]);
      expect(
        ids(await list({ channel: 'sms', status: 'SENT', metadata: { tier: 'gold' } })),
      ).toEqual([sentSms.id]);
      expect(
        ids(await list({ after: at(2 * MINUTE), before: at(3 * MINUTE), status: 'SENT' })),
      ).toEqual([sentSms.id, email.id]);
      expect(ids(await list({ channel: 'email', to: '+15555550101' }))).toEqual([]);
      expect(ids(await list({ metadata: { team: 'a', missing: 'x' } }))).toEqual([]);
    });

    it('pages by offset with the total count of matches, when asked for it', async () => {
      const uncounted = await log.list({ appId }, { limit: 3, offset: 0 });
      expect(uncounted.total).toBeUndefined();
      const first = await log.list({ appId }, { limit: 3, offset: 0, count: true });
      expect(ids(first)).toEqual([whatsapp.id, sentSms.id, email.id]);
      expect(first.total).toBe(4);
      const second = await log.list({ appId }, { limit: 3, offset: 3, count: true });
      expect(ids(second)).toEqual([sms.id]);
      expect(second.total).toBe(4);
      expect(second.next).toBeUndefined();
      const filtered = await log.list(
        { appId },
        { limit: 1, offset: 1, channel: 'sms', count: true },
      );
      expect(ids(filtered)).toEqual([sms.id]);
      expect(filtered.total).toBe(2);
      const beyond = await log.list({ appId }, { limit: 3, offset: 10, count: true });
      expect(beyond.items).toEqual([]);
      expect(beyond.total).toBe(4);
    });
  });

  it('lists summaries without the content or its sealed part, when asked for them', async () => {
    const appId = anApp();
    const email = aMessage(appId, {
      channel: 'email',
      to: ['ada@example.com'],
      content: { subject: 'Report', text: 'x'.repeat(10_000), attachments: [{ id: 'att_1' }] },
      sealedContent: 'sealed:v1:secret-part',
      metadata: { run: 'summary' },
    });
    await log.insert(email);
    const summary = { ...email, content: undefined, sealedContent: undefined };
    delete summary.content;
    delete summary.sealedContent;
    const [listed] = (await log.list({ appId }, { limit: 10, summary: true })).items;
    expect(listed).toStrictEqual(summary);
    const [across] = (await log.listAcrossApps({ limit: 10, appId, summary: true })).items;
    expect(across).toStrictEqual(summary);
    const [whole] = (await log.list({ appId }, { limit: 10 })).items;
    expect(whole).toStrictEqual(email);
  });

  it("finds an app's messages by the caller's reference, newest first, and no other app's", async () => {
    const appId = anApp();
    const first = aMessage(appId, { reference: 'campaign_12345', createdAt: at(1 * MINUTE) });
    const again = aMessage(appId, {
      channel: 'email',
      reference: 'campaign_12345',
      createdAt: at(2 * MINUTE),
    });
    const other = aMessage(appId, { reference: 'campaign_9', createdAt: at(3 * MINUTE) });
    await insertAll(log, [first, again, other, aMessage(appId, { createdAt: at(4 * MINUTE) })]);
    await log.insert(aMessage(anApp(), { reference: 'campaign_12345' }));

    const found = await log.list({ appId }, { limit: 10, reference: 'campaign_12345' });
    expect(ids(found)).toEqual([again.id, first.id]);
    expect(found.items[0]).toStrictEqual(again);
    const bySms = await log.list(
      { appId },
      { limit: 10, reference: 'campaign_12345', channel: 'sms' },
    );
    expect(ids(bySms)).toEqual([first.id]);
    expect(ids(await log.list({ appId }, { limit: 10, reference: 'campaign' }))).toEqual([]);
    expect((await log.get({ appId }, other.id))?.reference).toBe('campaign_9');
  });

  it('walks 250 messages by cursor, each once, while new ones arrive between pages', async () => {
    const appId = anApp();
    // Three at each instant, so that ties on createdAt are ordered by id.
    const existing = Array.from({ length: 250 }, (_, i) =>
      aMessage(appId, { createdAt: at(Math.floor(i / 3) * SECOND) }),
    );
    for (let i = 0; i < existing.length; i += 50) {
      await Promise.all(existing.slice(i, i + 50).map((message) => log.insert(message)));
    }

    const seen: ListedMessage[] = [];
    let cursor: MessagePosition | undefined;
    let pages = 0;
    do {
      const page = await log.list({ appId }, { limit: 20, ...(cursor ? { cursor } : {}) });
      expect(page.items.length).toBeLessThanOrEqual(20);
      expect(page.total).toBeUndefined();
      seen.push(...page.items);
      cursor = page.next;
      pages += 1;
      if (cursor) {
        // Newer than every page, tied with the cursor, older than every page.
        await log.insert(aMessage(appId, { createdAt: at(DAY) }));
        await log.insert(aMessage(appId, { createdAt: cursor.createdAt }));
        await log.insert(aMessage(appId, { createdAt: at(-DAY) }));
      }
    } while (cursor !== undefined && pages < 100);

    const seenIds = seen.map((message) => message.id);
    expect(new Set(seenIds).size).toBe(seenIds.length);
    expect(seenIds).toEqual(expect.arrayContaining(existing.map((message) => message.id)));
    for (let i = 1; i < seen.length; i += 1) expect(isAfter(seen[i], seen[i - 1])).toBe(true);
    expect(seen.filter((message) => message.createdAt >= at(DAY))).toEqual([]);
  });

  it('lets an admin list across apps, or within one app', async () => {
    const run = hex(6);
    const [one, two] = [anApp(), anApp()];
    const a = aMessage(one, { metadata: { run }, createdAt: at(MINUTE) });
    const b = aMessage(two, { metadata: { run }, createdAt: at(2 * MINUTE) });
    const c = aMessage(one, { metadata: { run }, createdAt: at(3 * MINUTE) });
    await insertAll(log, [a, b, c]);

    expect(ids(await log.listAcrossApps({ limit: 10, metadata: { run } }))).toEqual([
      c.id,
      b.id,
      a.id,
    ]);
    expect(ids(await log.listAcrossApps({ limit: 10, metadata: { run }, appId: one }))).toEqual([
      c.id,
      a.id,
    ]);
    const paged = await log.listAcrossApps({ limit: 2, metadata: { run } });
    expect(ids(paged)).toEqual([c.id, b.id]);
    expect(paged.next).toEqual({ createdAt: b.createdAt, id: b.id });
    const rest = await log.listAcrossApps({ limit: 2, metadata: { run }, cursor: paged.next! });
    expect(ids(rest)).toEqual([a.id]);
    expect(rest.next).toBeUndefined();
    const counted = await log.listAcrossApps({
      limit: 1,
      offset: 0,
      metadata: { run },
      count: true,
    });
    expect(counted.total).toBe(3);
  });
}
