import { getConnectionToken } from '@nestjs/mongoose';
import type { TestingModule } from '@nestjs/testing';
import type { Connection } from 'mongoose';
import { MemoryInboxStore } from '../../src/channels/inapp/memory-inbox.store';
import { MongoInboxStore } from '../../src/channels/inapp/mongo-inbox.store';
import { NOTIFICATION_MODEL, NotificationSchema } from '../../src/channels/inapp/inbox.schema';
import { describeInboxStoreContract } from './inbox-store.contract';
import { openMongoModule } from '../support/mongo-module';

describeInboxStoreContract('memory', () =>
  Promise.resolve({ store: new MemoryInboxStore(), close: () => Promise.resolve() }),
);

/** MongoInboxStore wired as InboxModule wires it, on a database of its own, initialised. */
const openMongoStore = (): Promise<TestingModule> =>
  openMongoModule([{ name: NOTIFICATION_MODEL, schema: NotificationSchema }], [MongoInboxStore]);

describeInboxStoreContract('MongoDB (FerretDB)', async () => {
  const moduleRef = await openMongoStore();
  return { store: moduleRef.get(MongoInboxStore), close: () => moduleRef.close() };
});

describe('MongoInboxStore start-up', () => {
  it('creates its collection and the one-per-message index', async () => {
    const moduleRef = await openMongoStore();
    try {
      const connection = moduleRef.get<Connection>(getConnectionToken());
      const indexes = await connection.collection('inbox_notifications').indexes();
      expect(indexes).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ name: 'one_per_message', key: { messageId: 1 }, unique: true }),
        ]),
      );
    } finally {
      await moduleRef.close();
    }
  });
});
