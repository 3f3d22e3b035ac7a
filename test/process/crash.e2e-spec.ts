import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
import { stopChild } from '../support/child-process';
import { until } from '../support/polling';
import { type ServerProcess, spawnServer, waitUntilLive } from '../support/server-process';

const ENTRY = 'test/support/test-server.ts';
/**
 * Messages in the two-instance test: 2,000, the count the pipeline promises. FerretDB scans a
 * whole collection on every update, so this takes several minutes there; `CRASH_TEST_MESSAGES`
 * sets a smaller count for a quick local run.
 */
const COUNT = Number(process.env.CRASH_TEST_MESSAGES ?? 2000);
/** So that the killed worker's claim lapses within the test, not after a minute. */
const SHORT_CLAIMS = { DISPATCH_CLAIM_SECONDS: '3' };
const FINAL = ['SENT', 'DELIVERED', 'FAILED', 'UNDELIVERABLE', 'CANCELED'];

/** A Redis database of its own, so that queued jobs of other suites never mix in. */
function redisDatabase(index: number): string {
  const url = new URL(redisUrl());
  url.pathname = `/${index}`;
  return url.toString();
}

interface Deployment {
  readonly env: Record<string, string>;
  readonly record: string;
  readonly dir: string;
}

function deployment(redisDb: number, providerOptions: Record<string, unknown>): Deployment {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-crash-'));
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

async function start(
  d: Deployment,
  extra: Record<string, string> = {},
): Promise<{ server: ServerProcess; base: string }> {
  const port = await freePort();
  const server = spawnServer(ENTRY, { ...d.env, PORT: String(port), ...extra });
  await waitUntilLive(port, server);
  return { server, base: `http://127.0.0.1:${port}/api/v1` };
}

async function json<T>(response: Response): Promise<T> {
  if (!response.ok)
    throw new Error(
      `${response.status} ${await response.text()} ${response.headers.get('x-request-id') ?? ''}`,
    );
  return (await response.json()) as T;
}

/** An app and a key of it, made through the admin API of the instance at `base`. */
async function issueKey(base: string): Promise<string> {
  const { key } = await appWithKey({ http: request(new URL(base).origin) }, { name: 'crash' });
  return key;
}

async function sendMany(
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

async function statuses(
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

const recorded = (file: string): string[] =>
  existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];

async function kill9(server: ServerProcess): Promise<void> {
  server.child.kill('SIGKILL');
  await server.exited;
}

describe('crash safety with separate processes (FerretDB + Redis)', () => {
  it('loses nothing when killed -9 with work queued and a send in flight', async () => {
    const d = deployment(5, { delayMs: 300 });
    let { server, base } = await start(d, { DISPATCH_CONCURRENCY: '1', ...SHORT_CLAIMS });
    try {
      const key = await issueKey(base);
      const ids = await sendMany(base, key, 12, 12);
      await until(() => recorded(d.record).length >= 1, 'a first send to start', 20_000);
      await kill9(server);
      expect(recorded(d.record).length).toBeLessThan(ids.length);

      ({ server, base } = await start(d, SHORT_CLAIMS));
      await until(
        async () => [...(await statuses(base, key, ids)).values()].every((s) => FINAL.includes(s)),
        'every message to reach a final status',
        120_000,
      );
      const final = await statuses(base, key, ids);
      expect([...final.values()]).toEqual(Array(ids.length).fill('SENT'));
      const sent = recorded(d.record);
      // Every message was sent; only one that was in flight at the kill may have gone twice.
      expect(new Set(sent)).toEqual(new Set(ids));
      expect(sent.length - ids.length).toBeLessThanOrEqual(1);
    } finally {
      await stopChild(server.child);
      rmSync(d.dir, { recursive: true, force: true });
    }
  }, 200_000);

  it(`sends each of ${COUNT} messages exactly once with two instances on one MongoDB and Redis`, async () => {
    const d = deployment(6, {});
    const first = await start(d);
    const second = await start(d);
    const dump = (): void => {
      if (process.env.CRASH_DUMP)
        writeFileSync(
          process.env.CRASH_DUMP,
          `${first.server.output()}\n${second.server.output()}`,
        );
    };
    try {
      const key = await issueKey(first.base);
      const ids = (
        await Promise.all([
          sendMany(first.base, key, COUNT / 2, 25),
          sendMany(second.base, key, COUNT / 2, 25),
        ])
      ).flat();
      await until(() => recorded(d.record).length >= ids.length, `all ${COUNT} sends`, 900_000);
      // Give a would-be duplicate time to show up.
      await new Promise((resolve) => setTimeout(resolve, 2000));
      const sent = recorded(d.record);
      const counts = new Map<string, number>();
      for (const id of sent) counts.set(id, (counts.get(id) ?? 0) + 1);
      const twice = [...counts].filter(([, n]) => n > 1).map(([id]) => id);
      const unknown = [...counts.keys()].filter((id) => !ids.includes(id));
      const logs = `${first.server.output()}\n${second.server.output()}`;
      const context = twice.flatMap((id) => logs.split('\n').filter((line) => line.includes(id)));
      expect({ twice, unknown, context }).toEqual({ twice: [], unknown: [], context: [] });
      expect(counts.size).toBe(ids.length);
    } finally {
      dump();
      await Promise.all([stopChild(first.server.child), stopChild(second.server.child)]);
      rmSync(d.dir, { recursive: true, force: true });
    }
  }, 1_000_000);
});
