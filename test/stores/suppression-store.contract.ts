import { randomBytes } from 'node:crypto';
import type { Suppression } from '../../src/suppressions/suppression.model';
import type { SuppressionStore } from '../../src/suppressions/suppression.store';

export interface SuppressionStoreFixture {
  readonly store: SuppressionStore;
  close(): Promise<void>;
}

const anApp = (): string => `app_${randomBytes(8).toString('hex')}`;
const T0 = new Date('2090-01-01T00:00:00Z');

function anEntry(
  appId: string,
  address: string,
  overrides: Partial<Suppression> = {},
): Suppression {
  return {
    appId,
    address,
    reason: 'hard_bounce',
    detail: 'Permanent/General',
    messageId: 'msg_bounced',
    createdAt: T0,
    ...overrides,
  };
}

/** The behaviour every SuppressionStore adapter must have; run against each of them. */
export function describeSuppressionStoreContract(
  name: string,
  open: () => Promise<SuppressionStoreFixture>,
): void {
  describe(`SuppressionStore contract: ${name}`, () => {
    let fixture: SuppressionStoreFixture;
    let store: SuppressionStore;

    beforeAll(async () => {
      fixture = await open();
      store = fixture.store;
    });
    afterAll(async () => {
      await fixture.close();
    });

    it('adds an entry once: a second add keeps the first and says so', async () => {
      const appId = anApp();
      const first = anEntry(appId, 'ann@example.com');
      expect(await store.add(first)).toStrictEqual({ kind: 'added', suppression: first });
      const later = anEntry(appId, 'ann@example.com', {
        reason: 'complaint',
        detail: 'abuse',
        messageId: 'msg_later',
        createdAt: new Date(T0.getTime() + 1000),
      });
      expect(await store.add(later)).toStrictEqual({ kind: 'exists', suppression: first });
    });

    it('keeps an entry without a message as it was given, with no empty fields', async () => {
      const appId = anApp();
      const manual: Suppression = {
        appId,
        address: 'bob@example.com',
        reason: 'manual',
        detail: 'asked not to be mailed',
        createdAt: T0,
      };
      await store.add(manual);
      expect(await store.findAmong(appId, ['bob@example.com'])).toStrictEqual([manual]);
    });

    it('keeps one entry when the same address is added at once by several', async () => {
      const appId = anApp();
      const outcomes = await Promise.all(
        ['msg_1', 'msg_2', 'msg_3'].map((messageId) =>
          store.add(anEntry(appId, 'race@example.com', { messageId })),
        ),
      );
      expect(outcomes.filter((outcome) => outcome.kind === 'added')).toHaveLength(1);
      const standing = outcomes.find((outcome) => outcome.kind === 'added')?.suppression;
      for (const outcome of outcomes) expect(outcome.suppression).toStrictEqual(standing);
      expect((await store.list(appId, 10)).items).toStrictEqual([standing]);
    });

    it('finds the entries among given addresses, in the app asked about only', async () => {
      const appId = anApp();
      const otherApp = anApp();
      await store.add(anEntry(appId, 'ann@example.com'));
      await store.add(anEntry(appId, 'cat@example.com', { reason: 'complaint', detail: 'abuse' }));
      await store.add(anEntry(otherApp, 'bob@example.com'));
      const found = await store.findAmong(appId, [
        'bob@example.com',
        'cat@example.com',
        'ann@example.com',
        'ann@example.com',
        'dan@example.com',
      ]);
      expect(found.map((entry) => entry.address).sort()).toEqual([
        'ann@example.com',
        'cat@example.com',
      ]);
      expect(await store.findAmong(appId, [])).toEqual([]);
      expect(await store.findAmong(anApp(), ['ann@example.com'])).toEqual([]);
    });

    it("pages an app's entries in address order with a cursor that ends on the last page", async () => {
      const appId = anApp();
      const addresses = ['e@x.io', 'a@x.io', 'd@x.io', 'b@x.io', 'c@x.io'];
      for (const address of addresses) await store.add(anEntry(appId, address));
      await store.add(anEntry(anApp(), 'aa@x.io'));
      const seen: string[] = [];
      let after: string | undefined;
      let pages = 0;
      do {
        const page = await store.list(appId, 2, after);
        expect(page.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.items.map((entry) => entry.address));
        after = page.next;
        pages += 1;
      } while (after !== undefined);
      expect(seen).toEqual([...addresses].sort());
      expect(pages).toBe(3);
      const whole = await store.list(appId, 5);
      expect(whole.items).toHaveLength(5);
      expect(whole.next).toBeUndefined();
      expect(await store.list(anApp(), 5)).toEqual({ items: [] });
    });

    it('removes an entry of the app, and says when the app had none', async () => {
      const appId = anApp();
      const otherApp = anApp();
      await store.add(anEntry(appId, 'ann@example.com'));
      await store.add(anEntry(otherApp, 'ann@example.com'));
      expect(await store.remove(appId, 'ann@example.com')).toBe(true);
      expect(await store.remove(appId, 'ann@example.com')).toBe(false);
      expect(await store.remove(appId, 'nobody@example.com')).toBe(false);
      expect(await store.findAmong(appId, ['ann@example.com'])).toEqual([]);
      expect(await store.findAmong(otherApp, ['ann@example.com'])).toHaveLength(1);
      const again = anEntry(appId, 'ann@example.com', { reason: 'manual', detail: 'back' });
      expect(await store.add(again)).toStrictEqual({ kind: 'added', suppression: again });
    });

    describe('topics', () => {
      const topical = (appId: string, address: string, topic: string): Suppression =>
        anEntry(appId, address, { reason: 'unsubscribed', detail: `from ${topic}`, topic });

      it('keeps an entry per topic beside the one for every topic', async () => {
        const appId = anApp();
        const news = topical(appId, 'ann@example.com', 'newsletter');
        expect(await store.add(news)).toStrictEqual({ kind: 'added', suppression: news });
        expect(await store.add(topical(appId, 'ann@example.com', 'newsletter'))).toStrictEqual({
          kind: 'exists',
          suppression: news,
        });
        const offers = topical(appId, 'ann@example.com', 'offers');
        expect((await store.add(offers)).kind).toBe('added');
        const all = anEntry(appId, 'ann@example.com');
        expect((await store.add(all)).kind).toBe('added');
        expect((await store.list(appId, 10)).items).toStrictEqual([all, news, offers]);
      });

      it('finds for an email the entries for every topic and for its own', async () => {
        const appId = anApp();
        const news = topical(appId, 'ann@example.com', 'newsletter');
        const all = anEntry(appId, 'bob@example.com');
        await store.add(news);
        await store.add(all);
        const addresses = ['ann@example.com', 'bob@example.com'];
        expect(await store.findAmong(appId, addresses)).toStrictEqual([all]);
        expect(await store.findAmong(appId, addresses, 'receipts')).toStrictEqual([all]);
        const both = await store.findAmong(appId, addresses, 'newsletter');
        expect([...both].sort((a, b) => a.address.localeCompare(b.address))).toStrictEqual([
          news,
          all,
        ]);
      });

      it('pages through the entries of several topics of one address', async () => {
        const appId = anApp();
        const entries = [
          anEntry(appId, 'a@x.io'),
          topical(appId, 'a@x.io', 'news'),
          topical(appId, 'a@x.io', 'offers'),
          topical(appId, 'b@x.io', 'news'),
        ];
        for (const entry of [...entries].reverse()) await store.add(entry);
        const seen: Suppression[] = [];
        let after: string | undefined;
        do {
          const page = await store.list(appId, 1, after);
          seen.push(...page.items);
          after = page.next;
        } while (after !== undefined);
        expect(seen).toStrictEqual(entries);
      });

      it('removes the entry of one topic only', async () => {
        const appId = anApp();
        const all = anEntry(appId, 'ann@example.com');
        await store.add(all);
        await store.add(topical(appId, 'ann@example.com', 'newsletter'));
        expect(await store.remove(appId, 'ann@example.com', 'offers')).toBe(false);
        expect(await store.remove(appId, 'ann@example.com', 'newsletter')).toBe(true);
        expect(await store.findAmong(appId, ['ann@example.com'], 'newsletter')).toStrictEqual([
          all,
        ]);
      });
    });
  });
}
