import type { TestingModule } from '@nestjs/testing';
import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { MemoryTemplateStore } from '../../src/templates/memory-template.store';
import { listFilter, MongoTemplateStore } from '../../src/templates/mongo-template.store';
import { OLDEST_FIRST } from '../../src/common/database/keyset';
import { sortOf } from '../../src/common/database/mongo-keyset';
import { expectServedBy } from '../support/query-plans';
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

  it.each([
    ['one app', { appId: 'app_1' }, {}, 'app_oldest'],
    ['by kind', { appId: 'app_1' }, { kind: 'partial' }, 'app_kind_oldest'],
    ['every app, by name', 'every-app', { name: 'welcome' }, 'name_oldest'],
  ] as const)(
    'serves the list %s from an index, in its order (no sort in memory)',
    async (_what, scope, query, index) => {
      const moduleRef = await openMongoStore();
      try {
        const connection = moduleRef.get<Connection>(getConnectionToken());
        const list = { filter: listFilter(scope, query), sort: sortOf(OLDEST_FIRST) };
        await expectServedBy(connection.collection('templates'), list, index);
      } finally {
        await moduleRef.close();
      }
    },
  );
});
