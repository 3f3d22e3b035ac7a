import { randomBytes } from 'node:crypto';
import type { TestingModule } from '@nestjs/testing';
import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { keyIdOf, SecretBox, SecretUnreadableError } from '../../src/common/crypto/secret-box';
import type { App } from '../../src/identity/app.model';
import { API_KEY_MODEL, ApiKeySchema, APP_MODEL, AppSchema } from '../../src/identity/app.schema';
import { MemoryAppStore } from '../../src/identity/memory-app.store';
import { MongoAppStore } from '../../src/identity/mongo-app.store';
import { uniqueDatabase } from '../harness/test-app';
import { describeAppStoreContract } from './app-store.contract';
import { openMongoModule } from '../support/mongo-module';

const KEY_A = randomBytes(32);
const KEY_B = randomBytes(32);

describeAppStoreContract('memory', () =>
  Promise.resolve({ store: new MemoryAppStore(), close: () => Promise.resolve() }),
);

/** MongoAppStore wired as AppsModule wires it, initialised, on a database of its own by default. */
async function openMongoStore(
  box = new SecretBox({ current: KEY_A }),
  database?: string,
): Promise<TestingModule> {
  return openMongoModule(
    [
      { name: APP_MODEL, schema: AppSchema },
      { name: API_KEY_MODEL, schema: ApiKeySchema },
    ],
    [MongoAppStore, { provide: SecretBox, useValue: box }],
    database,
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

describe('MongoAppStore callback secrets at rest (ENCRYPTION_KEY)', () => {
  const database = uniqueDatabase();
  const opened: TestingModule[] = [];

  async function storeWith(current?: Buffer, old: Buffer[] = []): Promise<MongoAppStore> {
    const moduleRef = await openMongoStore(new SecretBox({ current, old }), database);
    opened.push(moduleRef);
    return moduleRef.get(MongoAppStore);
  }

  async function raw(id: string): Promise<string> {
    const connection = opened[0].get<Connection>(getConnectionToken());
    const doc = await connection.collection('apps').findOne({ _id: id as never });
    return String(doc?.callbackSecret);
  }

  const anApp = (): App => ({
    id: `app_${randomBytes(12).toString('hex')}`,
    name: 'sealed',
    callbackSecret: `whsec_${randomBytes(32).toString('base64url')}`,
    createdAt: new Date('2026-01-01T00:00:00Z'),
  });

  afterAll(async () => {
    await Promise.all(opened.map((moduleRef) => moduleRef.close()));
  });

  it('stores the secret sealed under the key id and reads it back in plain', async () => {
    const store = await storeWith(KEY_A);
    const app = anApp();
    await store.createApp(app);
    const stored = await raw(app.id);
    expect(stored).toMatch(new RegExp(`^enc:v1:${keyIdOf(KEY_A)}:[A-Za-z0-9_-]+$`));
    expect(stored).not.toContain(app.callbackSecret.slice(6));
    expect(await store.findApp(app.id)).toEqual(app);
    expect((await store.listApps(100)).items).toContainEqual(app);
  });

  it('rotates: a new key reads with the old one kept, reseals, then needs only itself', async () => {
    const app = anApp();
    await (await storeWith(KEY_A)).createApp(app);

    const rotated = await storeWith(KEY_B, [KEY_A]);
    expect(await rotated.findApp(app.id)).toEqual(app);
    expect(await rotated.resealSecrets()).toBeGreaterThanOrEqual(1);
    expect(await rotated.resealSecrets()).toBe(0);
    expect(await raw(app.id)).toMatch(new RegExp(`^enc:v1:${keyIdOf(KEY_B)}:`));

    expect(await (await storeWith(KEY_B)).findApp(app.id)).toEqual(app);
    await expect((await storeWith(KEY_A)).findApp(app.id)).rejects.toBeInstanceOf(
      SecretUnreadableError,
    );
  });

  it('reads a secret stored before a key was set, and seals it when resealing', async () => {
    const app = anApp();
    await (await storeWith(undefined)).createApp(app);
    expect(await raw(app.id)).toBe(app.callbackSecret);

    const store = await storeWith(KEY_B);
    expect(await store.findApp(app.id)).toEqual(app);
    await store.resealSecrets();
    expect(await raw(app.id)).toMatch(new RegExp(`^enc:v1:${keyIdOf(KEY_B)}:`));
    expect(await store.findApp(app.id)).toEqual(app);
  });

  it('does not open a sealed secret copied onto another app', async () => {
    const store = await storeWith(KEY_B);
    const [victim, thief] = [anApp(), anApp()];
    await store.createApp(victim);
    await store.createApp(thief);
    const connection = opened[0].get<Connection>(getConnectionToken());
    await connection
      .collection('apps')
      .updateOne({ _id: thief.id as never }, { $set: { callbackSecret: await raw(victim.id) } });
    await expect(store.findApp(thief.id)).rejects.toBeInstanceOf(SecretUnreadableError);
  });
});
