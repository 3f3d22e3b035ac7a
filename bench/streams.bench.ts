/**
 * Live inbox streams at scale: one server process (streams.server.ts, the embedded default)
 * holds BENCH_STREAMS idle streams opened from here; the bench reports memory per stream,
 * liveness latency while they are held, and the time to push one notification to every
 * stream's user. See bench/README.md.
 *
 *   npm run bench:streams
 *   BENCH_STREAMS=1000 BENCH_USERS=1 npm run bench:streams
 *
 * It exits non-zero only on errors: a stream refused or cut, a notification not received.
 */
import { request, type IncomingMessage } from 'node:http';
import { join } from 'node:path';
import type {
  StreamsParentMessage,
  StreamsServerDelivered,
  StreamsServerMemory,
  StreamsServerReady,
} from './streams.server';
import { ask, type Child, fixed, forkChild, numberFromEnv, stopChild } from './support';

interface Options {
  readonly streams: number;
  /** Users the streams are spread over, round robin: 1 puts every stream on one user. */
  readonly users: number;
  /** Streams opened at once. */
  readonly openBatch: number;
  readonly liveProbes: number;
}

function readOptions(): Options {
  const streams = numberFromEnv('BENCH_STREAMS', 5_000, true, 1);
  return {
    streams,
    users: Math.min(streams, numberFromEnv('BENCH_USERS', streams, true, 1)),
    openBatch: numberFromEnv('BENCH_OPEN_BATCH', 100, true, 1),
    liveProbes: numberFromEnv('BENCH_LIVE_PROBES', 200, true, 1),
  };
}

const WAIT_MS = 120_000;
const MB = 1024 * 1024;

/** When a notification was published (its body, epoch ms), until it was received, in ms. */
function pushLatency(block: string): number {
  const data = block.split('\n').find((line) => line.startsWith('data: '));
  const body = (JSON.parse(data?.slice('data: '.length) ?? '{}') as { body?: string }).body;
  return performance.timeOrigin + performance.now() - Number(body);
}

/** One stream as the client sees it: open until the server ends it, and its events' latency. */
class StreamClient {
  readonly received: number[] = [];
  ended = false;
  private buffer = '';

  private constructor(readonly res: IncomingMessage) {
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      this.buffer += chunk;
      const blocks = this.buffer.split('\n\n');
      this.buffer = blocks.pop() ?? '';
      for (const block of blocks) {
        if (block.includes('event: notification')) this.received.push(pushLatency(block));
      }
    });
    res.on('close', () => {
      this.ended = true;
    });
  }

  static open(port: number, key: string, userId: string): Promise<StreamClient> {
    return new Promise((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port, path: `/api/v1/inbox/${userId}/stream`, agent: false },
        (res) => {
          if (res.statusCode !== 200) {
            res.resume();
            reject(new Error(`a stream was answered ${String(res.statusCode)}`));
            return;
          }
          resolve(new StreamClient(res));
        },
      );
      req.setHeader('x-api-key', key);
      req.on('error', reject);
      req.end();
    });
  }

  close(): void {
    this.res.destroy();
  }
}

const userOf = (index: number, options: Options): string => `user-${index % options.users}`;

async function openAll(
  port: number,
  key: string,
  options: Options,
  clients: StreamClient[],
): Promise<number> {
  const started = performance.now();
  for (let start = 0; start < options.streams; start += options.openBatch) {
    const batch = Array.from(
      { length: Math.min(options.openBatch, options.streams - start) },
      (_, offset) => StreamClient.open(port, key, userOf(start + offset, options)),
    );
    clients.push(...(await Promise.all(batch)));
  }
  return performance.now() - started;
}

const percentile = (sorted: readonly number[], share: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * share))] ?? Number.NaN;

/**
 * Sequential GET /health/live, `probes` of them or, given `going`, for as long as it holds:
 * how long each answer took, sorted, in ms.
 */
async function probeLiveness(
  port: number,
  probes: number,
  going: () => boolean = () => true,
): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < probes && going(); i += 1) {
    const started = performance.now();
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/health/live`);
    await res.text();
    if (res.status !== 200) throw new Error(`/health/live answered ${res.status}`);
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b);
}

function printLiveness(label: string, times: readonly number[]): void {
  console.log(
    `${label}: GET /health/live x${times.length}  p50 ${fixed(percentile(times, 0.5), 2)} ms  ` +
      `p99 ${fixed(percentile(times, 0.99), 2)} ms  max ${fixed(times.at(-1) ?? Number.NaN, 2)} ms`,
  );
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const memoryOf = (child: Child<StreamsServerReady>['child']): Promise<StreamsServerMemory> =>
  ask<StreamsServerMemory>(child, { type: 'memory' } satisfies StreamsParentMessage, 'memory');

async function measure(
  server: Child<StreamsServerReady>,
  options: Options,
  clients: StreamClient[],
): Promise<void> {
  const { port, key } = server.ready;
  console.log(
    `${options.streams} streams of one app (STREAM_MAX_PER_APP raised to ${options.streams}) ` +
      `over ${options.users} user(s), opened ${options.openBatch} at a time`,
  );
  await warmUp(server, options);
  printLiveness('no stream open', await probeLiveness(port, options.liveProbes));
  const before = await memoryOf(server.child);
  const openMs = await openAll(port, key, options, clients);
  const after = await memoryOf(server.child);
  if (after.openStreams !== options.streams) {
    throw new Error(`the server holds ${after.openStreams} streams, not ${options.streams}`);
  }
  console.log(
    `opened ${options.streams} streams in ${fixed(openMs)} ms ` +
      `(${fixed((options.streams / openMs) * 1000)} streams/s)`,
  );
  const perStream = (bytes: number): string => `${fixed(bytes / options.streams / 1024, 1)} KiB`;
  const rss = after.rss - before.rss;
  const heap = after.heapUsed - before.heapUsed;
  const external = after.external - before.external;
  console.log(
    `server memory after a full GC: RSS ${fixed(before.rss / MB, 1)} -> ${fixed(after.rss / MB, 1)} MB, ` +
      `heap ${fixed(before.heapUsed / MB, 1)} -> ${fixed(after.heapUsed / MB, 1)} MB, ` +
      `external ${fixed(before.external / MB, 1)} -> ${fixed(after.external / MB, 1)} MB`,
  );
  console.log(
    `per stream: RSS ${perStream(rss)}, heap ${perStream(heap)}, external ${perStream(external)}`,
  );
  printLiveness(`${options.streams} streams held`, await probeLiveness(port, options.liveProbes));
  await fanOut(server, options, clients);
  if (clients.some((client) => client.ended)) throw new Error('a stream was ended by the server');
}

/**
 * Opens one batch, pushes a notification to it and closes it, so that the baseline is taken
 * and the fan-out measured with the stream code warm.
 */
async function warmUp(server: Child<StreamsServerReady>, options: Options): Promise<void> {
  const batch: StreamClient[] = [];
  const few = {
    ...options,
    streams: options.openBatch,
    users: Math.min(options.users, options.openBatch),
  };
  await openAll(server.ready.port, server.ready.key, few, batch);
  await deliverAll(server, few, batch);
  for (const client of batch) client.close();
  const deadline = Date.now() + WAIT_MS;
  while ((await memoryOf(server.child)).openStreams > 0) {
    if (Date.now() > deadline) throw new Error('the warm-up streams were not let go');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Delivers one notification to each user and waits until every client has received one. */
async function deliverAll(
  server: Child<StreamsServerReady>,
  options: Options,
  clients: readonly StreamClient[],
): Promise<StreamsServerDelivered> {
  const userIds = Array.from({ length: options.users }, (_, index) => `user-${index}`);
  const delivered = await ask<StreamsServerDelivered>(
    server.child,
    { type: 'deliver', userIds } satisfies StreamsParentMessage,
    'delivered',
    WAIT_MS,
  );
  await until(
    () => clients.every((client) => client.received.length > 0),
    'every stream to receive its notification',
  );
  return delivered;
}

/** One notification to each user the streams are of: until every stream has received it. */
async function fanOut(
  server: Child<StreamsServerReady>,
  options: Options,
  clients: readonly StreamClient[],
): Promise<void> {
  const allReceived = (): boolean => clients.every((client) => client.received.length > 0);
  const started = performance.now();
  const probing = probeLiveness(server.ready.port, Number.MAX_SAFE_INTEGER, () => !allReceived());
  const delivered = await deliverAll(server, options, clients);
  const allMs = performance.now() - started;
  const latencies = clients.map((client) => client.received[0] ?? Number.NaN);
  latencies.sort((a, b) => a - b);
  console.log(
    `fan-out: ${options.users} notification(s) stored and published in ${fixed(delivered.ms, 1)} ms, ` +
      `received by all ${clients.length} streams ${fixed(allMs, 1)} ms after the first; ` +
      `publish to receipt p50 ${fixed(percentile(latencies, 0.5), 1)} ms, ` +
      `p99 ${fixed(percentile(latencies, 0.99), 1)} ms, max ${fixed(latencies.at(-1) ?? Number.NaN, 1)} ms`,
  );
  printLiveness('during the fan-out', await probing);
  const extra = clients.filter((client) => client.received.length > 1).length;
  if (extra > 0) throw new Error(`${extra} streams received a notification more than once`);
}

async function main(): Promise<void> {
  const options = readOptions();
  const clients: StreamClient[] = [];
  const server = await forkChild<StreamsServerReady>(
    join(__dirname, 'streams.server.ts'),
    'streams',
    { args: [String(options.streams)], execArgv: ['--expose-gc'] },
  );
  const watchdog = setTimeout(() => {
    console.error('benchmark: still running after 10 minutes, giving up');
    server.child.kill('SIGKILL');
    process.exit(1);
  }, 600_000);
  watchdog.unref();
  try {
    await measure(server, options, clients);
  } finally {
    for (const client of clients) client.close();
    await stopChild(server.child);
    clearTimeout(watchdog);
  }
}

main().then(
  () => {
    process.exitCode = 0;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
