import type { TestingModule } from '@nestjs/testing';
import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { MemoryTemplateStore } from '../../src/templates/memory-template.store';
import { MongoTemplateStore } from '../../src/templates/mongo-template.store';
import {
  TEMPLATE_MODEL,
  TEMPLATE_VERSION_MODEL,
  TemplateSchema,
  TemplateVersionSchema,
} from '../../src/templates/template.schema';
import { describeTemplateStoreContract } from './template-store.contract';
import { openMongoModule } from '../support/mongo-module';

describeTemplateStoreContract('memory', () =>
  Promise.resolve({ store: new MemoryTemplateStore(), close: () => Promise.resolve() }),
);

/** MongoTemplateStore wired as TemplatesModule wires it, on a database of its own, initialised. */
function openMongoStore(): Promise<TestingModule> {
  return openMongoModule(
    [
      { name: TEMPLATE_MODEL, schema: TemplateSchema },
      { name: TEMPLATE_VERSION_MODEL, schema: TemplateVersionSchema },
    ],
    [MongoTemplateStore],
  );
}

describeTemplateStoreContract('MongoDB (FerretDB)', async () => {
  const moduleRef = await openMongoStore();
  return { store: moduleRef.get(MongoTemplateStore), close: () => moduleRef.close() };
});

describe('MongoTemplateStore start-up', () => {
  it('creates its collections and the unique name index', async () => {
    const moduleRef = await openMongoStore();
    try {
      const connection = moduleRef.get<Connection>(getConnectionToken());
      const indexes = await connection.collection('templates').indexes();
      expect(indexes).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            name: 'app_name_unique',
            key: { appId: 1, name: 1 },
            unique: true,
          }),
        ]),
      );
      const collections = (await connection.db?.listCollections().toArray())?.map((c) => c.name);
      expect(collections).toEqual(expect.arrayContaining(['templates', 'template_versions']));
    } finally {
      await moduleRef.close();
    }
  });
});
