import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { freePort } from '../harness/servers';
import {
  appWithKey,
  mongoUri,
  redisUrl,
  TEST_JWT_SECRET,
  uniqueDatabase,
} from '../harness/test-app';
import { stopChild } from './child-process';
import { type ServerProcess, spawnServer, waitUntilLive } from './server-process';

/**
 * Several server processes of one deployment, each started from the real entry point: one
 * database and one Redis database between them, and an SMS provider that records each send
 * (its message id, one line per send) in a file they share.
 */
const ENTRY = 'test/support/test-server.ts';
/** A server compiles the whole application under ts-node at start: slow on a busy machine. */
const BOOT_MS = 120_000;
export const FINAL_STATUSES = ['SENT', 'DELIVERED', 'FAILED', 'UNDELIVERABLE', 'CANCELED'];

export interface Deployment {
  readonly env: Record<string, string>;
  /** The file the provider records each send in. */
  readonly record: string;
  readonly dir: string;
}

export interface RunningInstance {
  readonly server: ServerProcess;
  readonly base: string;
}

/** A Redis database of its own, so that queued jobs of other suites never mix in. */
function redisDatabase(index: number): string {
  const url = new URL(redisUrl());
  url.pathname = `/${index}`;
  return url.toString();
}

export function deployment(redisDb: number, providerOptions: Record<string, unknown>): Deployment {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-deployment-'));
  const record = join(dir, 'sent.log');
  return {
    dir,
    record,
    env: {
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      LOG_LEVEL: process.env.CRASH_LOG_LEVEL ?? 'warn',
      JWT_SECRET: TEST_JWT_SECRET,
      MONGODB_URI: mongoUri(uniqueDatabase()),
      REDIS_URL: redisDatabase(redisDb),
      RATE_LIMIT_PER_MINUTE: '1000000',
      PROVIDERS: JSON.stringify({
        sms: [{ id: 'recorder', type: 'scripted', recordTo: record, ...providerOptions }],
      }),
    },
  };
}

/** One more process of the deployment, once it answers. */
export async function startInstance(
  d: Deployment,
  extra: Record<string, string> = {},
): Promise<RunningInstance> {
  const port = await freePort();
  const server = spawnServer(ENTRY, { ...d.env, PORT: String(port), ...extra });
  await waitUntilLive(port, server, BOOT_MS);
  return { server, base: `http://127.0.0.1:${port}/api/v1` };
}

/** One more process of the deployment, kept in `running` (for `tearDown`) as soon as it runs. */
export async function startKept(
  d: Deployment,
  running: RunningInstance[],
  extra: Record<string, string> = {},
): Promise<RunningInstance> {
  const instance = await startInstance(d, extra);
  running.push(instance);
  return instance;
}

/** Stops the processes still running, then removes the deployment's folder. */
export async function tearDown(
  d: Deployment,
  instances: readonly RunningInstance[],
): Promise<void> {
  await Promise.all(instances.map(({ server }) => stopChild(server.child)));
  rmSync(d.dir, { recursive: true, force: true });
}

export async function json<T>(response: Response): Promise<T> {
  if (!response.ok)
    throw new Error(
      `${response.status} ${await response.text()} ${response.headers.get('x-request-id') ?? ''}`,
    );
  return (await response.json()) as T;
}

/** An app and a key of it, made through the admin API of the instance at `base`. */
export async function issueKey(base: string): Promise<string> {
  const { key } = await appWithKey({ http: request(new URL(base).origin) }, { name: 'deployment' });
  return key;
}

/** `count` SMS sent through the instance at `base`, `parallel` at a time; their ids. */
export async function sendMany(
  base: string,
  key: string,
  count: number,
  parallel: number,
): Promise<string[]> {
  const ids: string[] = [];
  for (let start = 0; start < count; start += parallel) {
    const batch = Array.from({ length: Math.min(parallel, count - start) }, (_, i) =>
      fetch(`${base}/messages/sms`, {
        method: 'POST',
        headers: { 'x-api-key': key, 'content-type': 'application/json' },
        body: JSON.stringify({ to: '+14155550100', body: `message ${start + i}` }),
      }).then((response) => json<{ messageId: string }>(response)),
    );
    ids.push(...(await Promise.all(batch)).map((answer) => answer.messageId));
  }
  return ids;
}

/** The status of each of `ids` as the log lists it (`MISSING` when it does not). */
export async function statuses(
  base: string,
  key: string,
  ids: readonly string[],
): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  let cursor: string | undefined;
  do {
    const page = await json<{ data: { messageId: string; status: string }[]; nextCursor?: string }>(
      await fetch(`${base}/messages?limit=100${cursor ? `&cursor=${cursor}` : ''}`, {
        headers: { 'x-api-key': key },
      }),
    );
    for (const message of page.data) found.set(message.messageId, message.status);
    cursor = page.nextCursor;
  } while (cursor);
  return new Map(ids.map((id) => [id, found.get(id) ?? 'MISSING']));
}

/** Whether every one of `ids` has reached a final status. */
export async function allFinal(
  base: string,
  key: string,
  ids: readonly string[],
): Promise<boolean> {
  return [...(await statuses(base, key, ids)).values()].every((s) => FINAL_STATUSES.includes(s));
}

/** The message ids the provider recorded, one per send, in order. */
export const recorded = (file: string): string[] =>
  existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];

/** How many times each message id was sent. */
export function sendCounts(sent: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const id of sent) counts.set(id, (counts.get(id) ?? 0) + 1);
  return counts;
}

export async function kill9(server: ServerProcess): Promise<void> {
  server.child.kill('SIGKILL');
  await server.exited;
}
