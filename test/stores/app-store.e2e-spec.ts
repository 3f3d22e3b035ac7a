import type { TestingModule } from '@nestjs/testing';
import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { API_KEY_MODEL, ApiKeySchema, APP_MODEL, AppSchema } from '../../src/identity/app.schema';
import { MemoryAppStore } from '../../src/identity/memory-app.store';
import { MongoAppStore } from '../../src/identity/mongo-app.store';
import { describeAppStoreContract } from './app-store.contract';
import { openMongoModule } from '../support/mongo-module';

describeAppStoreContract('memory', () =>
  Promise.resolve({ store: new MemoryAppStore(), close: () => Promise.resolve() }),
);

/** MongoAppStore wired as AppsModule wires it, on a database of its own, initialised. */
async function openMongoStore(): Promise<TestingModule> {
  return openMongoModule(
    [
      { name: APP_MODEL, schema: AppSchema },
      { name: API_KEY_MODEL, schema: ApiKeySchema },
    ],
    [MongoAppStore],
  );
}

describeAppStoreContract('MongoDB (FerretDB)', async () => {
  const moduleRef = await openMongoStore();
  return { store: moduleRef.get(MongoAppStore), close: () => moduleRef.close() };
});

describe('MongoAppStore start-up', () => {
  it('creates its collections and the unique key-prefix index', async () => {
    const moduleRef = await openMongoStore();
    try {
      const connection = moduleRef.get<Connection>(getConnectionToken());
      const indexes = await connection.collection('api_keys').indexes();
      expect(indexes).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ name: 'prefix_unique', key: { prefix: 1 }, unique: true }),
          expect.objectContaining({ name: 'app_keys', key: { appId: 1, _id: 1 } }),
        ]),
      );
      const collections = (await connection.db?.listCollections().toArray())?.map((c) => c.name);
      expect(collections).toEqual(expect.arrayContaining(['apps', 'api_keys']));
    } finally {
      await moduleRef.close();
    }
  });
});
