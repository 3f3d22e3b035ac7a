import { Test } from '@nestjs/testing';
import { MongooseModule } from '@nestjs/mongoose';
import { API_KEY_MODEL, ApiKeySchema, APP_MODEL, AppSchema } from '../src/apps/app.schema';
import { MemoryAppStore } from '../src/apps/memory-app.store';
import { MongoAppStore } from '../src/apps/mongo-app.store';
import { describeAppStoreContract } from './contract/app-store.contract';
import { mongoUri, uniqueDatabase } from './harness/test-app';

describeAppStoreContract('memory', () =>
  Promise.resolve({ store: new MemoryAppStore(), close: () => Promise.resolve() }),
);

describeAppStoreContract('MongoDB (FerretDB)', async () => {
  const moduleRef = await Test.createTestingModule({
    imports: [
      MongooseModule.forRoot(mongoUri(uniqueDatabase()), {
        autoIndex: false,
        autoCreate: false,
        bufferCommands: false,
      }),
      MongooseModule.forFeature([
        { name: APP_MODEL, schema: AppSchema },
        { name: API_KEY_MODEL, schema: ApiKeySchema },
      ]),
    ],
    providers: [MongoAppStore],
  }).compile();
  await moduleRef.init();
  return { store: moduleRef.get(MongoAppStore), close: () => moduleRef.close() };
});
