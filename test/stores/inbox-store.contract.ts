import { randomBytes } from 'node:crypto';
import type { InboxOwner, Notification } from '../../src/channels/inapp/inbox.model';
import type { InboxStore } from '../../src/channels/inapp/inbox.store';

export interface InboxStoreFixture {
  readonly store: InboxStore;
  close(): Promise<void>;
}

const hex = (bytes: number): string => randomBytes(bytes).toString('hex');
const NOW = new Date('2026-03-01T12:00:00Z');
const LATER = new Date('2026-03-01T12:05:00Z');
const RETAINED_UNTIL = new Date('2026-06-01T00:00:00Z');

const anOwner = (): InboxOwner => ({ appId: `app_${hex(12)}`, userId: `user-${hex(4)}` });

/** A notification created `secondsAgo` before NOW; later ones sort first in the inbox. */
function aNotification(
  owner: InboxOwner,
  secondsAgo: number,
  overrides: Partial<Notification> = {},
): Notification {
  return {
    id: `ntf_${hex(12)}`,
    ...owner,
    messageId: `msg_${hex(12)}`,
    subject: 'Hello',
    body: 'Your order shipped',
    metadata: { order: '2891' },
    createdAt: new Date(NOW.getTime() - secondsAgo * 1000),
    expiresAt: RETAINED_UNTIL,
    ...overrides,
  };
}

const ids = (items: readonly Notification[]): string[] => items.map((n) => n.id);

/** The behaviour every InboxStore adapter must have; run against each of them. */
export function describeInboxStoreContract(
  name: string,
  open: () => Promise<InboxStoreFixture>,
): void {
  describe(`InboxStore contract: ${name}`, () => {
    let fixture: InboxStoreFixture;
    let store: InboxStore;

    beforeAll(async () => {
      fixture = await open();
      store = fixture.store;
    });
    afterAll(async () => {
      await fixture.close();
    });

    const saveAll = async (items: Notification[]): Promise<Notification[]> => {
      for (const item of items) await store.save(item);
      return items;
    };

    it('stores a notification and reads it back as it was', async () => {
      const owner = anOwner();
      const [saved] = await saveAll([aNotification(owner, 0)]);
      expect(await store.get(owner, saved.id, NOW)).toEqual(saved);
    });

    it('keeps a notification without subject or metadata as such', async () => {
      const owner = anOwner();
      const plain: Notification = { ...aNotification(owner, 0, { metadata: {} }) };
      delete (plain as { subject?: string }).subject;
      await store.save(plain);
      expect(await store.get(owner, plain.id, NOW)).toEqual(plain);
    });

    it('stores one notification per message: a second save answers the first', async () => {
      const owner = anOwner();
      const first = aNotification(owner, 0);
      await store.save(first);
      const again = await store.save({ ...first, id: `ntf_${hex(12)}`, body: 'other' });
      expect(again).toEqual(first);
      expect(ids((await store.list(owner, { limit: 10 }, NOW)).items)).toEqual([first.id]);
    });

    it('lists newest first and pages with the position of the last item', async () => {
      const owner = anOwner();
      const [a, b, c, d, e] = await saveAll([
        aNotification(owner, 50),
        aNotification(owner, 40),
        aNotification(owner, 30),
        aNotification(owner, 20),
        aNotification(owner, 10),
      ]);
      const first = await store.list(owner, { limit: 2 }, NOW);
      expect(ids(first.items)).toEqual(ids([e, d]));
      expect(first.next).toEqual({ createdAt: d.createdAt, id: d.id });
      const second = await store.list(owner, { limit: 2, before: first.next }, NOW);
      expect(ids(second.items)).toEqual(ids([c, b]));
      const last = await store.list(owner, { limit: 2, before: second.next }, NOW);
      expect(ids(last.items)).toEqual(ids([a]));
      expect(last.next).toBeUndefined();
    });

    it('orders notifications of the same instant by id, without losing one between pages', async () => {
      const owner = anOwner();
      const same = await saveAll([
        aNotification(owner, 5, { id: 'ntf_aaa' }),
        aNotification(owner, 5, { id: 'ntf_ccc' }),
        aNotification(owner, 5, { id: 'ntf_bbb' }),
      ]);
      const first = await store.list(owner, { limit: 2 }, NOW);
      const rest = await store.list(owner, { limit: 2, before: first.next }, NOW);
      expect([...ids(first.items), ...ids(rest.items)]).toEqual(['ntf_ccc', 'ntf_bbb', 'ntf_aaa']);
      expect(same).toHaveLength(3);
    });

    it('filters unread ones and counts them', async () => {
      const owner = anOwner();
      const [older, newer] = await saveAll([aNotification(owner, 20), aNotification(owner, 10)]);
      await store.markRead(owner, newer.id, LATER);
      const unread = await store.list(owner, { limit: 10, unread: true }, LATER);
      expect(ids(unread.items)).toEqual([older.id]);
      expect(await store.unreadCount(owner, LATER)).toBe(1);
    });

    it('marks one read once: a second read keeps the first time', async () => {
      const owner = anOwner();
      const [one] = await saveAll([aNotification(owner, 0)]);
      const first = await store.markRead(owner, one.id, LATER);
      expect(first).toEqual({ notification: { ...one, readAt: LATER }, changed: true });
      const again = await store.markRead(owner, one.id, new Date(LATER.getTime() + 1000));
      expect(again).toEqual({ notification: { ...one, readAt: LATER }, changed: false });
      expect(await store.markRead(owner, 'ntf_missing', LATER)).toBeUndefined();
    });

    it('marks every unread one read and answers only those that changed', async () => {
      const owner = anOwner();
      const [a, b, c] = await saveAll([
        aNotification(owner, 30),
        aNotification(owner, 20),
        aNotification(owner, 10),
      ]);
      await store.markRead(owner, b.id, NOW);
      const changed = await store.markAllRead(owner, LATER);
      expect(ids(changed).sort()).toEqual([a.id, c.id].sort());
      expect(changed.every((n) => n.readAt?.getTime() === LATER.getTime())).toBe(true);
      expect(await store.unreadCount(owner, LATER)).toBe(0);
      expect((await store.get(owner, b.id, LATER))?.readAt).toEqual(NOW);
      expect(await store.markAllRead(owner, LATER)).toEqual([]);
    });

    it('deletes one notification', async () => {
      const owner = anOwner();
      const [gone, kept] = await saveAll([aNotification(owner, 20), aNotification(owner, 10)]);
      expect(await store.delete(owner, gone.id)).toBe(true);
      expect(await store.delete(owner, gone.id)).toBe(false);
      expect(ids((await store.list(owner, { limit: 10 }, NOW)).items)).toEqual([kept.id]);
    });

    it('answers what was stored after a position, oldest first', async () => {
      const owner = anOwner();
      const [a, b, c] = await saveAll([
        aNotification(owner, 30),
        aNotification(owner, 20),
        aNotification(owner, 10),
      ]);
      expect(ids(await store.after(owner, a, 10, NOW))).toEqual([b.id, c.id]);
      expect(ids(await store.after(owner, a, 1, NOW))).toEqual([b.id]);
      expect(await store.after(owner, c, 10, NOW)).toEqual([]);
      const sameInstant = { createdAt: b.createdAt, id: '' };
      expect(ids(await store.after(owner, sameInstant, 10, NOW))).toEqual([b.id, c.id]);
    });

    it("keeps apps and users apart: another owner's notification is not there", async () => {
      const owner = anOwner();
      const [mine] = await saveAll([aNotification(owner, 0)]);
      const id = mine.id;
      const strangers: InboxOwner[] = [
        { appId: `app_${hex(12)}`, userId: owner.userId },
        { appId: owner.appId, userId: `user-${hex(4)}` },
      ];
      for (const stranger of strangers) {
        expect(await store.get(stranger, id, NOW)).toBeUndefined();
        expect((await store.list(stranger, { limit: 10 }, NOW)).items).toEqual([]);
        expect(await store.unreadCount(stranger, NOW)).toBe(0);
        expect(await store.after(stranger, { createdAt: new Date(0), id: '' }, 10, NOW)).toEqual(
          [],
        );
        expect(await store.markRead(stranger, id, NOW)).toBeUndefined();
        expect(await store.markAllRead(stranger, NOW)).toEqual([]);
        expect(await store.delete(stranger, id)).toBe(false);
      }
      expect(await store.get(owner, id, NOW)).toEqual(mine);
    });

    it('never answers a notification past its retention, and purges it', async () => {
      const owner = anOwner();
      const [expired, retained] = await saveAll([
        aNotification(owner, 20, { expiresAt: LATER }),
        aNotification(owner, 10),
      ]);
      const after = new Date(LATER.getTime() + 1);
      expect(await store.get(owner, expired.id, after)).toBeUndefined();
      expect(ids((await store.list(owner, { limit: 10 }, after)).items)).toEqual([retained.id]);
      expect(await store.unreadCount(owner, after)).toBe(1);
      expect(await store.purgeExpired(after)).toBeGreaterThanOrEqual(1);
      expect(await store.get(owner, expired.id, NOW)).toBeUndefined();
      expect(await store.get(owner, retained.id, NOW)).toEqual(retained);
    });
  });
}
