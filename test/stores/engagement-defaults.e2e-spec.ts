import type {
  EngagementDefaults,
  EngagementDefaultsStore,
} from '../../src/engagement/engagement-defaults';
import { MemoryEngagementDefaultsStore } from '../../src/engagement/memory-engagement-defaults.store';
import {
  ENGAGEMENT_DEFAULTS_MODEL,
  EngagementDefaultsSchema,
  MongoEngagementDefaultsStore,
} from '../../src/engagement/mongo-engagement-defaults.store';
import { openMongoModule } from '../support/mongo-module';
import { anApp } from './message-fixtures';

interface Fixture {
  readonly store: EngagementDefaultsStore;
  close(): Promise<void>;
}

/** The behaviour every EngagementDefaultsStore adapter must have. */
function describeEngagementDefaultsContract(name: string, open: () => Promise<Fixture>): void {
  describe(`EngagementDefaultsStore contract: ${name}`, () => {
    let fixture: Fixture;

    beforeAll(async () => {
      fixture = await open();
    });
    afterAll(async () => {
      await fixture.close();
    });

    it('has nothing for an app that never set its defaults', async () => {
      expect(await fixture.store.find(anApp())).toBeUndefined();
    });

    it("keeps an app's defaults whole, and replaces them whole", async () => {
      const appId = anApp();
      const first: EngagementDefaults = {
        appId,
        tracking: { opens: true, clicks: false },
        unsubscribeTopics: ['newsletter', 'offers'],
        unsubscribeMailto: 'unsubscribe@example.com',
        updatedAt: new Date('2090-01-01T00:00:00Z'),
      };
      await fixture.store.save(first);
      expect(await fixture.store.find(appId)).toStrictEqual(first);
      const second: EngagementDefaults = {
        appId,
        tracking: { opens: false, clicks: true },
        unsubscribeTopics: [],
        updatedAt: new Date('2090-01-02T00:00:00Z'),
      };
      await fixture.store.save(second);
      expect(await fixture.store.find(appId)).toStrictEqual(second);
      expect(await fixture.store.find(anApp())).toBeUndefined();
    });
  });
}

describeEngagementDefaultsContract('memory', () =>
  Promise.resolve({ store: new MemoryEngagementDefaultsStore(), close: () => Promise.resolve() }),
);

describeEngagementDefaultsContract('MongoDB (FerretDB)', async () => {
  const moduleRef = await openMongoModule(
    [{ name: ENGAGEMENT_DEFAULTS_MODEL, schema: EngagementDefaultsSchema }],
    [MongoEngagementDefaultsStore],
  );
  return { store: moduleRef.get(MongoEngagementDefaultsStore), close: () => moduleRef.close() };
});
