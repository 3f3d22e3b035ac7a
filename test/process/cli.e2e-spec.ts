import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import mongoose from 'mongoose';
import { keyIdOf } from '../../src/common/crypto/secret-box';
import {
  adminToken,
  appWithKey,
  bearer,
  mongoUri,
  startApp,
  TEST_JWT_SECRET,
  type TestApp,
  uniqueDatabase,
} from '../harness/test-app';
import { TestSubscriber } from '../support/push-service';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');
/** Each test starts the CLI several times, each a Node process compiling TypeScript: slow on a busy machine. */
const CLI_TEST_MS = 120_000;

async function cli(
  args: string[],
  env: Record<string, string>,
): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', 'src/cli.ts', ...args],
      {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '', ...env },
      },
    );
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const failed = error as { stdout: string; stderr: string; code: number };
    return { stdout: failed.stdout, stderr: failed.stderr, code: failed.code };
  }
}

describe('the CLI, against the configured store (FerretDB)', () => {
  const database = uniqueDatabase();
  const env = { MONGODB_URI: mongoUri(database), JWT_SECRET: TEST_JWT_SECRET };
  let t: TestApp;

  beforeAll(async () => {
    t = await startApp({ mongo: true, database });
  });
  afterAll(async () => {
    await t.close();
  });

  it(
    'creates an app and a scoped key that the server then accepts',
    async () => {
      const app = await cli(['create-app', '--name', 'from-cli', '--rate-limit', '50'], env);
      expect(app.code).toBe(0);
      const created = JSON.parse(app.stdout) as { id: string; rateLimitPerMinute: number };
      expect(created.rateLimitPerMinute).toBe(50);
      const key = await cli(['create-key', '--app', created.id, '--scope', 'messages:read'], env);
      expect(key.code).toBe(0);
      const issued = JSON.parse(key.stdout) as { key: string };
      const me = await t.http.get('/api/v1/me').set('x-api-key', issued.key).expect(200);
      expect(me.body).toMatchObject({
        appId: created.id,
        appName: 'from-cli',
        scopes: ['messages:read'],
      });
    },
    CLI_TEST_MS,
  );

  it(
    'mints a token the server accepts with its roles',
    async () => {
      const minted = await cli(['token', '--sub', 'ops', '--role', 'viewer', '--ttl', '120'], env);
      expect(minted.code).toBe(0);
      const me = await t.http.get('/api/v1/me').set(bearer(minted.stdout.trim())).expect(200);
      expect(me.body).toEqual({ kind: 'jwt', subject: 'ops', roles: ['viewer'] });
    },
    CLI_TEST_MS,
  );

  it(
    'explains what is wrong instead of doing something useless',
    async () => {
      const noStore = await cli(['create-app', '--name', 'x'], { JWT_SECRET: TEST_JWT_SECRET });
      expect(noStore.code).toBe(1);
      expect(noStore.stderr).toContain('MONGODB_URI is not set');
      const badRole = await cli(['token', '--sub', 'x', '--role', 'root'], env);
      expect(badRole.code).toBe(1);
      expect(badRole.stderr).toContain('--role must be one of admin, viewer');
    },
    CLI_TEST_MS,
  );
});

describe('cli re-encrypt: rotating ENCRYPTION_KEY (FerretDB)', () => {
  const database = uniqueDatabase();
  const [oldKey, newKey] = [randomBytes(32), randomBytes(32)];
  const base = { MONGODB_URI: mongoUri(database), JWT_SECRET: TEST_JWT_SECRET };
  const started: TestApp[] = [];

  async function serve(env: Record<string, string>): Promise<TestApp> {
    const t = await startApp({ mongo: true, database }, env);
    started.push(t);
    return t;
  }

  async function sealedValues(): Promise<string[]> {
    const connection = await mongoose.createConnection(mongoUri(database)).asPromise();
    try {
      const apps = await connection.collection('apps').find().toArray();
      const messages = await connection
        .collection('messages')
        .find({ sealedContent: { $exists: true } })
        .toArray();
      return [...apps.map((app) => app.callbackSecret), ...messages.map((m) => m.sealedContent)];
    } finally {
      await connection.close();
    }
  }

  afterAll(async () => {
    await Promise.all(started.map((t) => t.close()));
  });

  it('reseals callback secrets and push keys with the new key, after which the old one can go', async () => {
    const before = await serve({ ENCRYPTION_KEY: oldKey.toString('hex') });
    const { appId, key, callbackSecret } = await appWithKey(before, { name: 'rotating' });
    await before.http
      .post('/api/v1/messages/push')
      .set('x-api-key', key)
      .send({
        pushSubscription: new TestSubscriber().subscription('https://push.example.com/1'),
        body: 'x',
      })
      .expect(202);
    expect(await sealedValues()).toEqual([
      expect.stringMatching(`^enc:v1:${keyIdOf(oldKey)}:`),
      expect.stringMatching(`^enc:v1:${keyIdOf(oldKey)}:`),
    ]);

    const rotation = {
      ...base,
      ENCRYPTION_KEY: newKey.toString('hex'),
      ENCRYPTION_KEYS_OLD: oldKey.toString('base64'),
    };
    const first = await cli(['re-encrypt'], rotation);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual({ apps: 1, messages: 1 });
    const again = await cli(['re-encrypt'], rotation);
    expect(JSON.parse(again.stdout)).toEqual({ apps: 0, messages: 0 });
    expect(await sealedValues()).toEqual([
      expect.stringMatching(`^enc:v1:${keyIdOf(newKey)}:`),
      expect.stringMatching(`^enc:v1:${keyIdOf(newKey)}:`),
    ]);

    const after = await serve({ ENCRYPTION_KEY: newKey.toString('hex') });
    const secret = await after.http
      .get(`/api/v1/apps/${appId}/callback-secret`)
      .set(bearer(adminToken()))
      .expect(200);
    expect(secret.body).toEqual({ callbackSecret });
  }, 180_000);

  it('refuses to run without a key to seal with', async () => {
    const keyless = await cli(['re-encrypt'], base);
    expect(keyless.code).toBe(1);
    expect(keyless.stderr).toContain('ENCRYPTION_KEY is not set');
  }, 60_000);
});
