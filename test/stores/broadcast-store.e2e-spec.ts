import { MemoryBroadcastStore } from '../../src/api/broadcasts/memory-broadcast.store';
import { MongoBroadcastStore } from '../../src/api/broadcasts/mongo-broadcast.store';
import { BROADCAST_MODEL, BroadcastSchema } from '../../src/api/broadcasts/broadcast.schema';
import { describeBroadcastStoreContract } from './broadcast-store.contract';
import { openMongoModule } from '../support/mongo-module';

describeBroadcastStoreContract('memory', () =>
  Promise.resolve({ store: new MemoryBroadcastStore(), close: () => Promise.resolve() }),
);

describeBroadcastStoreContract('MongoDB (FerretDB)', async () => {
  const moduleRef = await openMongoModule(
    [{ name: BROADCAST_MODEL, schema: BroadcastSchema }],
    [MongoBroadcastStore],
  );
  return { store: moduleRef.get(MongoBroadcastStore), close: () => moduleRef.close() };
});
