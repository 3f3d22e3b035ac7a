import { randomBytes } from 'node:crypto';
import { DuplicateKeyError } from '../../src/common/database/persistence-errors';
import type { ApiKeyRecord, App, TwimlPolicy } from '../../src/identity/app.model';
import type { AppStore } from '../../src/identity/app.store';

export interface StoreFixture {
  readonly store: AppStore;
  close(): Promise<void>;
}

const hex = (bytes: number): string => randomBytes(bytes).toString('hex');
const at = (iso: string): Date => new Date(iso);

function anApp(overrides: Partial<App> = {}): App {
  return {
    id: `app_${hex(12)}`,
    name: 'contract',
    callbackSecret: `whsec_${hex(16)}`,
    createdAt: at('2026-01-01T00:00:00Z'),
    ...overrides,
  };
}

function aKey(appId: string, overrides: Partial<ApiKeyRecord> = {}): ApiKeyRecord {
  return {
    id: `key_${hex(12)}`,
    appId,
    prefix: `sb_${hex(6)}`,
    hash: randomBytes(32),
    scopes: ['messages:send'],
    createdAt: at('2026-01-01T00:00:00Z'),
    ...overrides,
  };
}

/** The behaviour every AppStore adapter must have; run against each of them. */
export function describeAppStoreContract(name: string, open: () => Promise<StoreFixture>): void {
  describe(`AppStore contract: ${name}`, () => {
    let fixture: StoreFixture;
    let store: AppStore;

    beforeAll(async () => {
      fixture = await open();
      store = fixture.store;
    });
    afterAll(async () => {
      await fixture.close();
    });

    it('stores and finds an app, with and without a rate limit', async () => {
      const plain = anApp();
      const limited = anApp({ rateLimitPerMinute: 42 });
      await store.createApp(plain);
      await store.createApp(limited);
      expect(await store.findApp(plain.id)).toEqual(plain);
      expect(await store.findApp(limited.id)).toEqual(limited);
      expect(await store.findApp('app_missing')).toBeUndefined();
    });

    it("keeps an app's own phone number check", async () => {
      const strict = anApp({ phoneNumberCheck: 'valid' });
      await store.createApp(strict);
      expect(await store.findApp(strict.id)).toEqual(strict);
    });

    it('sets senders and a TwiML policy on an app, keeping the rest of it', async () => {
      const app = anApp({ rateLimitPerMinute: 7 });
      await store.createApp(app);
      const senders = {
        email: ['billing@shop.example', 'shop.example'],
        phone: ['+14155550199', 'MG9752274e9e519418a7406176694466fa', 'Shop'],
      };
      expect(await store.updateApp(app.id, { senders })).toEqual({ ...app, senders });
      const twimlPolicy: TwimlPolicy = {
        allow: ['Dial', 'Redirect'],
        dialPrefixes: ['+1415'],
        urlHosts: ['ivr.shop.example'],
      };
      const both = { ...app, senders, twimlPolicy };
      expect(await store.updateApp(app.id, { twimlPolicy })).toEqual(both);
      expect(await store.findApp(app.id)).toEqual(both);
      const none = { email: [], phone: [] };
      expect(await store.updateApp(app.id, { senders: none })).toEqual({ ...both, senders: none });
      expect(await store.updateApp('app_missing', { senders })).toBeUndefined();
      expect(await store.findApp('app_missing')).toBeUndefined();
    });

    it('refuses a second app with the same id as a conflict', async () => {
      const app = anApp();
      await store.createApp(app);
      await expect(store.createApp(app)).rejects.toBeInstanceOf(DuplicateKeyError);
    });

    it('pages apps in id order with a cursor that ends on the last page', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 5; i += 1) {
        const app = anApp({ name: `page-${i}` });
        ids.push(app.id);
        await store.createApp(app);
      }
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await store.listApps(2, cursor);
        expect(page.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.items.map((app) => app.id));
        cursor = page.next;
        pages += 1;
      } while (cursor !== undefined && pages < 100);
      expect(seen).toEqual([...seen].sort());
      expect(seen).toEqual(expect.arrayContaining(ids));
      expect(new Set(seen).size).toBe(seen.length);
    });

    it('stores a key and finds it by prefix with its hash intact', async () => {
      const app = anApp();
      await store.createApp(app);
      const key = aKey(app.id, { name: 'prod', scopes: ['messages:send', 'broadcast'] });
      await store.createKey(key);
      const found = await store.findKeyByPrefix(key.prefix);
      expect(found).toEqual(key);
      expect(found?.hash.equals(key.hash)).toBe(true);
      expect(await store.findKeyByPrefix('sb_000000000000')).toBeUndefined();
    });

    it('refuses a duplicate key prefix', async () => {
      const app = anApp();
      await store.createApp(app);
      const key = aKey(app.id);
      await store.createKey(key);
      await expect(store.createKey({ ...aKey(app.id), prefix: key.prefix })).rejects.toBeInstanceOf(
        DuplicateKeyError,
      );
    });

    it("lists only the app's own keys", async () => {
      const [mine, theirs] = [anApp(), anApp()];
      await store.createApp(mine);
      await store.createApp(theirs);
      const keys = [aKey(mine.id), aKey(mine.id)];
      for (const key of [...keys, aKey(theirs.id)]) await store.createKey(key);
      const listed = await store.listKeys(mine.id);
      expect(listed.map((key) => key.id).sort()).toEqual(keys.map((key) => key.id).sort());
    });

    it('revokes within the owning app only, and keeps the first revocation time', async () => {
      const [owner, other] = [anApp(), anApp()];
      await store.createApp(owner);
      await store.createApp(other);
      const key = aKey(owner.id);
      await store.createKey(key);
      expect(await store.revokeKey(other.id, key.id, at('2026-02-01T00:00:00Z'))).toBeUndefined();
      expect((await store.findKeyByPrefix(key.prefix))?.revokedAt).toBeUndefined();
      const revoked = await store.revokeKey(owner.id, key.id, at('2026-02-01T00:00:00Z'));
      expect(revoked?.revokedAt).toEqual(at('2026-02-01T00:00:00Z'));
      const again = await store.revokeKey(owner.id, key.id, at('2026-03-01T00:00:00Z'));
      expect(again?.revokedAt).toEqual(at('2026-02-01T00:00:00Z'));
      expect(
        await store.revokeKey(owner.id, 'key_missing', at('2026-02-01T00:00:00Z')),
      ).toBeUndefined();
    });

    it('records last use in a batch and never moves it back', async () => {
      const app = anApp();
      await store.createApp(app);
      const [a, b] = [aKey(app.id), aKey(app.id)];
      await store.createKey(a);
      await store.createKey(b);
      await store.recordKeyUse(
        new Map([
          [a.id, at('2026-05-01T00:00:00Z')],
          [b.id, at('2026-05-02T00:00:00Z')],
        ]),
      );
      await store.recordKeyUse(new Map([[a.id, at('2026-04-01T00:00:00Z')]]));
      await store.recordKeyUse(new Map());
      expect((await store.findKeyByPrefix(a.prefix))?.lastUsedAt).toEqual(
        at('2026-05-01T00:00:00Z'),
      );
      expect((await store.findKeyByPrefix(b.prefix))?.lastUsedAt).toEqual(
        at('2026-05-02T00:00:00Z'),
      );
    });
  });
}
