import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { BROADCAST_MODEL, BroadcastSchema } from '../../src/api/broadcasts/broadcast.schema';
import { MemoryBroadcastStore } from '../../src/api/broadcasts/memory-broadcast.store';
import { MongoBroadcastStore } from '../../src/api/broadcasts/mongo-broadcast.store';
import {
  IDEMPOTENCY_KEY_MODEL,
  IdempotencyKeySchema,
} from '../../src/idempotency/idempotency-key.schema';
import { MemoryIdempotencyKeys } from '../../src/idempotency/memory-idempotency-keys';
import { MongoIdempotencyKeys } from '../../src/idempotency/mongo-idempotency-keys';
import { MemoryMessageLog } from '../../src/message-log/memory-message-log';
import { MemoryMessages } from '../../src/message-log/memory-messages';
import { MESSAGE_MODEL, MessageSchema } from '../../src/message-log/message.schema';
import { MongoMessageDocuments } from '../../src/message-log/mongo-message-documents';
import { MongoMessageLog } from '../../src/message-log/mongo-message-log';
import { describeIdempotencyKeysContract } from './idempotency-keys.contract';
import { openMongoModule } from '../support/mongo-module';

describeIdempotencyKeysContract('memory', () =>
  Promise.resolve({
    keys: new MemoryIdempotencyKeys(),
    messages: new MemoryMessageLog(new MemoryMessages()),
    broadcasts: new MemoryBroadcastStore(),
    close: () => Promise.resolve(),
  }),
);

/** The keys with the stores of messages and broadcasts, wired as their modules wire them. */
const openMongoStores = () =>
  openMongoModule(
    [
      { name: IDEMPOTENCY_KEY_MODEL, schema: IdempotencyKeySchema },
      { name: MESSAGE_MODEL, schema: MessageSchema },
      { name: BROADCAST_MODEL, schema: BroadcastSchema },
    ],
    [MongoIdempotencyKeys, MongoMessageDocuments, MongoMessageLog, MongoBroadcastStore],
  );

describeIdempotencyKeysContract('MongoDB (FerretDB)', async () => {
  const moduleRef = await openMongoStores();
  return {
    keys: moduleRef.get(MongoIdempotencyKeys),
    messages: moduleRef.get(MongoMessageLog),
    broadcasts: moduleRef.get(MongoBroadcastStore),
    close: () => moduleRef.close(),
  };
});

describe('MongoIdempotencyKeys on the server', () => {
  it('creates its collection, with the TTL index where the server takes it', async () => {
    const moduleRef = await openMongoStores();
    try {
      const connection = moduleRef.get<Connection>(getConnectionToken());
      const collections = (await connection.db?.listCollections().toArray())?.map((c) => c.name);
      expect(collections).toContain('idempotency_keys');
      const info = await connection.db?.admin().buildInfo();
      const ttl = expect.arrayContaining([
        expect.objectContaining({ key: { expiresAt: 1 }, expireAfterSeconds: 0 }),
      ]);
      const keyIndexes = await connection.collection('idempotency_keys').indexes();
      // FerretDB 1.24 refuses TTL indexes ("expireAfterSeconds is not implemented yet").
      if (info && 'ferretdbVersion' in info) expect(keyIndexes).not.toEqual(ttl);
      else expect(keyIndexes).toEqual(ttl);
    } finally {
      await moduleRef.close();
    }
  });
});
