/**
 * What single MongoDB operations cost on FerretDB 1.24 (SQLite) as a collection grows: the
 * evidence behind the dispatch figures of messages.bench.ts. See bench/README.md.
 *
 *   npx ts-node --transpile-only bench/ferretdb-ops.ts
 *
 * Starts FerretDB with the test harness (127.0.0.1, temporary state), fills collections of
 * delivered-message-shaped documents, and times each operation one at a time (no concurrency),
 * with FerretDB's CPU time per operation from /proc. Exit code 1 only when something errors.
 */
import { mongo } from 'mongoose';
import { type RunningServer, startFerretDb } from '../test/harness/servers';
import { fixed, numberFromEnv, procCpu, waitForQuietMachine } from './support';

type Collection = mongo.Collection<MessageLike>;

interface MessageLike {
  _id: string;
  appId: string;
  status: string;
  [field: string]: unknown;
}

/** A message as the store keeps it once delivered (attempt and three events). */
function deliveredMessage(index: number): MessageLike {
  const at = new Date();
  return {
    _id: `msg_${String(index).padStart(8, '0')}`,
    appId: 'app_bench',
    channel: 'sms',
    status: 'DELIVERED',
    to: ['+14155550100'],
    content: { body: 'hi' },
    metadata: {},
    priority: 0,
    route: { providerIndex: 0, providerAttempts: 1 },
    attempts: [
      {
        provider: 'sandbox-sms',
        status: 'DELIVERED',
        providerMessageId: `sandbox-${index}`,
        durationMs: 0,
        timestamp: at,
      },
    ],
    events: [
      { type: 'queued', at },
      { type: 'sending', at },
      { type: 'delivered', at },
    ],
    providerMessageIds: [`sandbox-${index}`],
    createdAt: at,
    updatedAt: at,
    expiresAt: at,
  };
}

/** The operations the pipeline issues, by the filter FerretDB sees. */
const OPERATIONS: readonly (readonly [string, (c: Collection, id: string) => Promise<unknown>])[] =
  [
    ['findOne {_id}', (c, id) => c.findOne({ _id: id })],
    ['findOne {_id, status}', (c, id) => c.findOne({ _id: id, status: 'DELIVERED' })],
    ['updateOne {_id}', (c, id) => c.updateOne({ _id: id }, { $set: { updatedAt: new Date() } })],
    [
      'findOneAndUpdate {_id}',
      (c, id) =>
        c.findOneAndUpdate(
          { _id: id },
          { $set: { updatedAt: new Date() } },
          { returnDocument: 'after' },
        ),
    ],
    [
      'countDocuments {appId, status}',
      (c) => c.countDocuments({ appId: 'app_bench', status: 'DELIVERED' }),
    ],
    [
      'find {appId, status} sort limit 2',
      (c) =>
        c
          .find({ appId: 'app_bench', status: 'DELIVERED' })
          .sort({ createdAt: -1, _id: -1 })
          .limit(2)
          .toArray(),
    ],
  ];

async function fill(collection: Collection, size: number): Promise<void> {
  for (let from = 0; from < size; from += 500) {
    const batch = Array.from({ length: Math.min(500, size - from) }, (_, k) =>
      deliveredMessage(from + k),
    );
    await collection.insertMany(batch);
  }
}

interface Timing {
  readonly msPerOp: number;
  readonly ferretMsPerOp: number;
}

async function time(
  collection: Collection,
  size: number,
  operation: (c: Collection, id: string) => Promise<unknown>,
  count: number,
  ferretPid: number,
): Promise<Timing> {
  // Ids spread over the whole collection, so that a scan that stops at the first match is not
  // favoured by always finding it near the start.
  const ids = Array.from(
    { length: count },
    (_, i) => `msg_${String((i * 7919) % size).padStart(8, '0')}`,
  );
  const cpuBefore = procCpu(ferretPid);
  const started = performance.now();
  for (const id of ids) await operation(collection, id);
  const ms = performance.now() - started;
  return { msPerOp: ms / count, ferretMsPerOp: (procCpu(ferretPid) - cpuBefore) / 1000 / count };
}

/**
 * FerretDB's own plan for `find({_id})`: on SQLite it shows whether the `_id` index is used
 * (`SEARCH ... USING INDEX`) or every row is read (`SCAN`).
 */
async function explainIdLookup(collection: Collection): Promise<void> {
  const explained: unknown = await collection.find({ _id: 'msg_00000001' }).explain('queryPlanner');
  const pick = (value: unknown, key: string): unknown =>
    typeof value === 'object' && value !== null
      ? (value as Record<string, unknown>)[key]
      : undefined;
  console.log(
    `\nexplain of find({_id}) on ${collection.collectionName}: plan ` +
      `${JSON.stringify(pick(pick(explained, 'queryPlanner'), 'Plan'))}, filterPushdown ` +
      JSON.stringify(pick(explained, 'filterPushdown')),
  );
}

async function main(): Promise<void> {
  const sizes = (process.env.BENCH_FERRET_SIZES ?? '100,400,1600')
    .split(',')
    .map((item) => Number(item.trim()));
  if (sizes.some((size) => !Number.isInteger(size) || size < 1 || size > 100_000)) {
    throw new Error(`BENCH_FERRET_SIZES: expected sizes between 1 and 100000`);
  }
  const count = numberFromEnv('BENCH_FERRET_OPS', 50, true, 1);
  const waitSeconds = numberFromEnv('BENCH_WAIT_SECONDS', 900, true, 0);
  if (waitSeconds > 0) await waitForQuietMachine(waitSeconds);
  let ferret: RunningServer | undefined;
  let client: mongo.MongoClient | undefined;
  const watchdog = setTimeout(() => {
    console.error('ferretdb-ops: still running after 5 minutes, giving up');
    if (ferret) process.kill(ferret.pid, 'SIGKILL');
    process.exit(1);
  }, 300_000);
  watchdog.unref();
  try {
    ferret = await startFerretDb();
    client = await new mongo.MongoClient(ferret.url).connect();
    const db = client.db('bench_ops');
    console.log(
      `FerretDB pid ${ferret.pid}; ${count} operations of each kind, one at a time, per size\n`,
    );
    console.log(
      `${'documents'.padStart(9)}  ${'operation'.padEnd(34)} ${'ms/op'.padStart(8)} ${'ferretdb CPU ms/op'.padStart(19)}`,
    );
    const results = new Map<string, { size: number; timing: Timing }[]>();
    for (const size of sizes) {
      const collection = db.collection<MessageLike>(`messages_${size}`);
      await fill(collection, size);
      for (const [name, operation] of OPERATIONS) {
        const timing = await time(collection, size, operation, count, ferret.pid);
        results.set(name, [...(results.get(name) ?? []), { size, timing }]);
        console.log(
          `${fixed(size).padStart(9)}  ${name.padEnd(34)} ${fixed(timing.msPerOp, 2).padStart(8)} ${fixed(timing.ferretMsPerOp, 2).padStart(19)}`,
        );
      }
    }
    await explainIdLookup(db.collection<MessageLike>(`messages_${Math.max(...sizes)}`));
    if (sizes.length >= 2) {
      const smallest = Math.min(...sizes);
      const largest = Math.max(...sizes);
      console.log(`\ncost of one more document in the collection (${smallest} → ${largest}):`);
      for (const [name, rows] of results) {
        const low = rows.find((row) => row.size === smallest);
        const high = rows.find((row) => row.size === largest);
        if (!low || !high) continue;
        const slope = ((high.timing.msPerOp - low.timing.msPerOp) * 1000) / (largest - smallest);
        console.log(`  ${name.padEnd(34)} ${fixed(slope, 1).padStart(6)} µs per document`);
      }
    }
  } finally {
    clearTimeout(watchdog);
    await client?.close();
    await ferret?.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
