import { randomBytes } from 'node:crypto';
import { DuplicateKeyError } from '../../src/common/database/persistence-errors';
import type {
  TemplateContent,
  TemplateRecord,
  TemplateVersion,
} from '../../src/templates/template.model';
import type { TemplatePosition, TemplateStore } from '../../src/templates/template.store';

export interface TemplateStoreFixture {
  readonly store: TemplateStore;
  close(): Promise<void>;
}

const hex = (bytes: number): string => randomBytes(bytes).toString('hex');
const at = (iso: string): Date => new Date(iso);
const CREATED = at('2026-01-01T00:00:00Z');

const anAppId = (): string => `app_${hex(12)}`;

/** Ids sort by creation: a counter in front keeps templates of one test in creation order. */
let serial = 0;
function aTemplate(appId: string, overrides: Partial<TemplateRecord> = {}): TemplateRecord {
  serial += 1;
  return {
    id: `tpl_${serial.toString(16).padStart(8, '0')}${hex(8)}`,
    appId,
    name: `t-${hex(4)}`,
    kind: 'template',
    latestVersion: 1,
    createdAt: CREATED,
    updatedAt: CREATED,
    ...overrides,
  };
}

const firstVersion = (
  content: TemplateContent = { subject: 'Hi {{name}}', html: '<p>{{name}}</p>' },
): TemplateVersion => ({ version: 1, content, createdAt: CREATED });

/** The behaviour every TemplateStore adapter must have; run against each of them. */
export function describeTemplateStoreContract(
  name: string,
  open: () => Promise<TemplateStoreFixture>,
): void {
  describe(`TemplateStore contract: ${name}`, () => {
    let fixture: TemplateStoreFixture;
    let store: TemplateStore;

    beforeAll(async () => {
      fixture = await open();
      store = fixture.store;
    });
    afterAll(async () => {
      await fixture.close();
    });

    const create = async (
      appId: string,
      overrides: Partial<TemplateRecord> = {},
      content?: TemplateContent,
    ): Promise<TemplateRecord> => {
      const template = aTemplate(appId, overrides);
      await store.create(template, firstVersion(content));
      return template;
    };

    it('stores a template and finds it by id and by name with only the parts it has', async () => {
      const appId = anAppId();
      const template = await create(appId, { description: 'welcome mail' }, { text: 'Hi' });
      const expected = {
        template,
        version: { version: 1, content: { text: 'Hi' }, createdAt: CREATED },
      };
      expect(await store.get({ appId }, template.id)).toEqual(expected);
      expect(await store.get('every-app', template.id)).toEqual(expected);
      expect(await store.getByName(appId, template.name)).toEqual(expected);
      expect(await store.get({ appId }, template.id, 1)).toEqual(expected);
    });

    it('finds nothing outside the app, for a missing id or name, or a version not yet saved', async () => {
      const appId = anAppId();
      const template = await create(appId);
      expect(await store.get({ appId: anAppId() }, template.id)).toBeUndefined();
      expect(await store.getByName(anAppId(), template.name)).toBeUndefined();
      expect(await store.get({ appId }, 'tpl_missing')).toBeUndefined();
      expect(await store.getByName(appId, 'missing')).toBeUndefined();
      expect(await store.get({ appId }, template.id, 2)).toBeUndefined();
    });

    it('refuses a name the app already uses, and allows it in another app', async () => {
      const appId = anAppId();
      const template = await create(appId);
      await expect(create(appId, { name: template.name })).rejects.toBeInstanceOf(
        DuplicateKeyError,
      );
      expect((await store.getByName(appId, template.name))?.template.id).toBe(template.id);
      await expect(create(anAppId(), { name: template.name })).resolves.toBeDefined();
    });

    it('saves updates as new versions and keeps the earlier ones', async () => {
      const appId = anAppId();
      const template = await create(appId);
      const later = at('2026-02-01T00:00:00Z');
      const updated = await store.addVersion(appId, template.id, {
        description: 'second',
        content: { subject: 'v2', text: 'two' },
        at: later,
      });
      expect(updated).toEqual({
        template: { ...template, description: 'second', latestVersion: 2, updatedAt: later },
        version: { version: 2, content: { subject: 'v2', text: 'two' }, createdAt: later },
      });
      expect(await store.get({ appId }, template.id)).toEqual(updated);
      expect((await store.get({ appId }, template.id, 1))?.version).toEqual(firstVersion());
      expect(await store.versions(appId, template.id)).toEqual([
        { version: 1, createdAt: CREATED },
        { version: 2, createdAt: later },
      ]);
    });

    it('renames with an update, and refuses a name in use without saving the version', async () => {
      const appId = anAppId();
      const [first, second] = [await create(appId), await create(appId)];
      const renamed = await store.addVersion(appId, first.id, {
        name: 'renamed',
        content: { text: 'x' },
        at: CREATED,
      });
      expect(renamed?.template.name).toBe('renamed');
      expect((await store.getByName(appId, 'renamed'))?.template.id).toBe(first.id);
      expect(await store.getByName(appId, first.name)).toBeUndefined();

      await expect(
        store.addVersion(appId, second.id, {
          name: 'renamed',
          content: { text: 'y' },
          at: CREATED,
        }),
      ).rejects.toBeInstanceOf(DuplicateKeyError);
      const unchanged = await store.get({ appId }, second.id);
      expect(unchanged?.template).toEqual(second);
      expect(await store.versions(appId, second.id)).toEqual([{ version: 1, createdAt: CREATED }]);
    });

    it('numbers concurrent updates one after the other, losing none', async () => {
      const appId = anAppId();
      const template = await create(appId);
      const texts = ['a', 'b', 'c', 'd'];
      await Promise.all(
        texts.map((text) =>
          store.addVersion(appId, template.id, { content: { text }, at: CREATED }),
        ),
      );
      const versions = await store.versions(appId, template.id);
      expect(versions?.map((entry) => entry.version)).toEqual([1, 2, 3, 4, 5]);
      const latest = await store.get({ appId }, template.id);
      expect(latest?.template.latestVersion).toBe(5);
      const saved = await Promise.all(
        [2, 3, 4, 5].map(async (version) => {
          const found = await store.get({ appId }, template.id, version);
          return found?.version.content.text;
        }),
      );
      expect(saved.sort()).toEqual(texts);
    });

    it('updates only templates of the app', async () => {
      const appId = anAppId();
      const template = await create(appId);
      const change = { content: { text: 'x' }, at: CREATED };
      expect(await store.addVersion(anAppId(), template.id, change)).toBeUndefined();
      expect(await store.addVersion(appId, 'tpl_missing', change)).toBeUndefined();
      expect(await store.versions(anAppId(), template.id)).toBeUndefined();
      expect((await store.get({ appId }, template.id))?.template.latestVersion).toBe(1);
    });

    it('deletes a template with its versions, within its app only, and frees the name', async () => {
      const appId = anAppId();
      const template = await create(appId);
      await store.addVersion(appId, template.id, { content: { text: 'x' }, at: CREATED });
      expect(await store.delete(anAppId(), template.id)).toBe(false);
      expect(await store.delete(appId, template.id)).toBe(true);
      expect(await store.get({ appId }, template.id)).toBeUndefined();
      expect(await store.get({ appId }, template.id, 1)).toBeUndefined();
      expect(await store.versions(appId, template.id)).toBeUndefined();
      expect(await store.delete(appId, template.id)).toBe(false);
      await expect(create(appId, { name: template.name })).resolves.toBeDefined();
    });

    it("gives the latest version of the app's own partials only", async () => {
      const appId = anAppId();
      const layout = await create(appId, { name: 'layout', kind: 'partial' }, { html: 'v1' });
      await store.addVersion(appId, layout.id, { content: { html: 'v2' }, at: CREATED });
      const footer = await create(appId, { name: 'footer', kind: 'partial' }, { text: 'bye' });
      await create(appId, { name: 'mail' });
      await create(anAppId(), { name: 'layout', kind: 'partial' }, { html: 'other app' });

      const partials = await store.partials(appId);
      const byName = Object.fromEntries(
        partials.map((p) => [p.template.name, [p.template.id, p.version.content]]),
      );
      expect(byName).toEqual({
        layout: [layout.id, { html: 'v2' }],
        footer: [footer.id, { text: 'bye' }],
      });
      expect(await store.partials(anAppId())).toEqual([]);
    });

    it('lists by creation time before id', async () => {
      const appId = anAppId();
      const later = await create(appId, { createdAt: at('2026-01-03T00:00:00Z') });
      const earlier = await create(appId, { createdAt: at('2026-01-02T00:00:00Z') });
      const first = await store.list({ appId }, { limit: 1 });
      expect(first.items).toEqual([earlier]);
      const second = await store.list(
        { appId },
        { limit: 1, ...(first.next ? { after: first.next } : {}) },
      );
      expect(second.items).toEqual([later]);
      expect(second.next).toBeUndefined();
    });

    it('lists in creation order, page by page, in scope and with filters', async () => {
      const appId = anAppId();
      const made: TemplateRecord[] = [];
      for (let i = 0; i < 5; i += 1) {
        made.push(await create(appId, { kind: i % 2 === 0 ? 'template' : 'partial' }));
      }
      await create(anAppId());

      const seen: string[] = [];
      let after: TemplatePosition | undefined;
      let pages = 0;
      do {
        const page = await store.list({ appId }, { limit: 2, ...(after ? { after } : {}) });
        expect(page.items.length).toBeLessThanOrEqual(2);
        expect(page.total).toBeUndefined();
        seen.push(...page.items.map((template) => template.id));
        after = page.next;
        pages += 1;
      } while (after !== undefined && pages < 10);
      expect(seen).toEqual(made.map((template) => template.id));
      expect(pages).toBe(3);

      const partials = await store.list({ appId }, { kind: 'partial', limit: 10 });
      expect(partials.items.map((template) => template.id)).toEqual([made[1].id, made[3].id]);
      const named = await store.list({ appId }, { name: made[2].name, limit: 10 });
      expect(named.items).toEqual([made[2]]);

      const offset = await store.list({ appId }, { limit: 2, offset: 3, count: true });
      expect(offset).toEqual({ items: [made[3], made[4]], total: 5 });

      const everywhere = await store.list('every-app', { name: made[0].name, limit: 10 });
      expect(everywhere.items).toEqual([made[0]]);
    });
  });
}
