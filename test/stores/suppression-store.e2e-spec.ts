import { getConnectionToken } from '@nestjs/mongoose';
import type { TestingModule } from '@nestjs/testing';
import type { Connection } from 'mongoose';
import { MemorySuppressionStore } from '../../src/suppressions/memory-suppression.store';
import { MongoSuppressionStore } from '../../src/suppressions/mongo-suppression.store';
import { SUPPRESSION_MODEL, SuppressionSchema } from '../../src/suppressions/suppression.schema';
import { describeSuppressionStoreContract } from './suppression-store.contract';
import { openMongoModule } from '../support/mongo-module';

describeSuppressionStoreContract('memory', () =>
  Promise.resolve({ store: new MemorySuppressionStore(), close: () => Promise.resolve() }),
);

/** MongoSuppressionStore wired as SuppressionsModule wires it, on a database of its own. */
function openMongoStore(): Promise<TestingModule> {
  return openMongoModule(
    [{ name: SUPPRESSION_MODEL, schema: SuppressionSchema }],
    [MongoSuppressionStore],
  );
}

describeSuppressionStoreContract('MongoDB (FerretDB)', async () => {
  const moduleRef = await openMongoStore();
  return { store: moduleRef.get(MongoSuppressionStore), close: () => moduleRef.close() };
});

describe('MongoSuppressionStore start-up', () => {
  it('creates its collection and the index its lists are read by', async () => {
    const moduleRef = await openMongoStore();
    try {
      const connection = moduleRef.get<Connection>(getConnectionToken());
      const indexes = await connection.collection('suppressions').indexes();
      expect(indexes).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ name: 'app_addresses', key: { appId: 1, address: 1 } }),
        ]),
      );
    } finally {
      await moduleRef.close();
    }
  });
});
