import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  bearer,
  mongoUri,
  startApp,
  TEST_JWT_SECRET,
  type TestApp,
  uniqueDatabase,
} from '../harness/test-app';

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
