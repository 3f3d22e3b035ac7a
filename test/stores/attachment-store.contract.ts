import { randomBytes } from 'node:crypto';
import type { AttachmentStore } from '../../src/channels/email/attachment.store';
import type { OutboundAttachment } from '../../src/contract/provider';

export interface AttachmentStoreFixture {
  readonly store: AttachmentStore;
  close(): Promise<void>;
}

const DAY = 24 * 60 * 60 * 1000;
/** Far enough ahead that a real MongoDB's TTL monitor never removes a document mid-test. */
const T0 = new Date('2090-01-01T00:00:00Z');
const at = (offsetMs: number): Date => new Date(T0.getTime() + offsetMs);
const lifetime = { savedAt: T0, expiresAt: at(90 * DAY) };

const aMessageId = (): string => `msg_${randomBytes(12).toString('hex')}`;

const aFile = (filename: string, content: Buffer, contentType = 'application/pdf') => ({
  filename,
  contentType,
  content,
});

/** What a provider is given, as plain values, so that Buffer contents are compared. */
const plain = (files: readonly OutboundAttachment[] | undefined) =>
  files?.map((file) => ({ ...file, content: file.content.toString('hex') }));

/** The behaviour every AttachmentStore adapter must have; run against each of them. */
export function describeAttachmentStoreContract(
  name: string,
  open: () => Promise<AttachmentStoreFixture>,
): void {
  describe(`AttachmentStore contract: ${name}`, () => {
    let fixture: AttachmentStoreFixture;
    let store: AttachmentStore;

    beforeAll(async () => {
      fixture = await open();
      store = fixture.store;
    });
    afterAll(async () => {
      await fixture.close();
    });

    it('keeps files byte for byte, in order, with their names and types', async () => {
      const id = aMessageId();
      const files = [
        aFile('Relevé №1.pdf', randomBytes(1000)),
        aFile('photo.jpg', Buffer.from([0, 255, 0, 1, 254]), 'image/jpeg'),
        aFile('notes.txt', Buffer.from('hello'), 'text/plain; charset=utf-8'),
      ];
      await store.save(id, files, lifetime);
      expect(plain(await store.load(id))).toEqual(plain(files));
    });

    it('keeps a file larger than a document may be, in pieces', async () => {
      const id = aMessageId();
      const big = aFile('big.bin', randomBytes(9 * 1024 * 1024 + 17), 'application/octet-stream');
      const small = aFile('after.txt', Buffer.from('after'), 'text/plain');
      await store.save(id, [big, small], lifetime);
      const loaded = await store.load(id);
      expect(loaded).toHaveLength(2);
      expect(loaded?.[0]?.content.equals(big.content)).toBe(true);
      expect(loaded?.[1]?.content.toString()).toBe('after');
    });

    it('answers undefined for a message without stored files', async () => {
      expect(await store.load(aMessageId())).toBeUndefined();
    });

    it('keeps each message apart', async () => {
      const [a, b] = [aMessageId(), aMessageId()];
      await store.save(a, [aFile('a.pdf', Buffer.from('A'))], lifetime);
      await store.save(b, [aFile('b.pdf', Buffer.from('B'))], lifetime);
      await store.drop(a);
      expect(await store.load(a)).toBeUndefined();
      expect(plain(await store.load(b))).toEqual(plain([aFile('b.pdf', Buffer.from('B'))]));
    });

    it('replaces what a second save of one message stored', async () => {
      const id = aMessageId();
      await store.save(
        id,
        [aFile('1.pdf', Buffer.from('one')), aFile('2.pdf', Buffer.from('two'))],
        lifetime,
      );
      await store.save(id, [aFile('3.pdf', Buffer.from('three'))], lifetime);
      expect(plain(await store.load(id))).toEqual(plain([aFile('3.pdf', Buffer.from('three'))]));
    });

    it('is not changed by changes to the buffers it was given or gave', async () => {
      const id = aMessageId();
      const content = Buffer.from('original');
      await store.save(id, [aFile('a.txt', content, 'text/plain')], lifetime);
      content.write('tampered');
      const first = await store.load(id);
      first?.[0]?.content.write('tampered');
      expect((await store.load(id))?.[0]?.content.toString()).toBe('original');
    });

    it('drops nothing when there is nothing to drop', async () => {
      await expect(store.drop(aMessageId())).resolves.toBeUndefined();
    });

    it('purges files whose expiry has come, and only those', async () => {
      const [expired, alive] = [aMessageId(), aMessageId()];
      await store.save(expired, [aFile('a.pdf', Buffer.from('A'))], {
        savedAt: T0,
        expiresAt: at(DAY),
      });
      await store.save(alive, [aFile('b.pdf', Buffer.from('B'))], {
        savedAt: T0,
        expiresAt: at(DAY + 1),
      });
      await store.purgeExpired(at(DAY));
      expect(await store.load(expired)).toBeUndefined();
      expect(await store.load(alive)).toBeDefined();
    });

    it('lists messages saved before a time, oldest first, in pages', async () => {
      const base = at(1000 * DAY);
      const ids = [aMessageId(), aMessageId(), aMessageId(), aMessageId()].sort();
      const [first, second, third, later] = ids as [string, string, string, string];
      const file = [
        aFile('a.pdf', Buffer.from('A'), 'application/pdf'),
        aFile('b.pdf', Buffer.from('B')),
      ];
      const expiresAt = new Date(base.getTime() + 90 * DAY);
      await store.save(third, file, { savedAt: new Date(base.getTime() + 2), expiresAt });
      await store.save(second, file, { savedAt: new Date(base.getTime() + 1), expiresAt });
      await store.save(first, file, { savedAt: new Date(base.getTime() + 1), expiresAt });
      await store.save(later, file, { savedAt: new Date(base.getTime() + 10), expiresAt });

      const cutoff = new Date(base.getTime() + 2);
      const all = await store.savedBefore(cutoff, 100);
      const mine = all.filter((saved) => ids.includes(saved.messageId));
      expect(mine).toEqual([
        { messageId: first, savedAt: new Date(base.getTime() + 1) },
        { messageId: second, savedAt: new Date(base.getTime() + 1) },
        { messageId: third, savedAt: new Date(base.getTime() + 2) },
      ]);

      const page = await store.savedBefore(cutoff, 1, mine[0]);
      expect(page).toEqual([mine[1]]);
      const rest = await store.savedBefore(cutoff, 10, mine[1]);
      expect(rest.map((saved) => saved.messageId)).toEqual([third]);
    });
  });
}
