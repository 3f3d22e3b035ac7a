/**
 * The message pipeline under load, in two modes: embedded (memory store, in-process queue) and
 * FerretDB + Redis (MongoDB-wire store on FerretDB 1.24/SQLite, BullMQ queue). See bench/README.md.
 *
 *   npx ts-node --transpile-only bench/messages.bench.ts
 *
 * 1. Accept: autocannon on `POST /api/v1/messages/sms` (key auth, validation, store write,
 *    enqueue; the dispatcher is paused) against `GET /api/v1/me` on the same server.
 * 2. Dispatch: N messages are enqueued with the dispatcher paused, then it is started and the
 *    time until all N are DELIVERED (sandbox provider) is measured by polling the API.
 *
 * Every server is a child process (messages.server.ts) on a free 127.0.0.1 port; FerretDB and
 * redis-server come from test/harness/servers.ts, fresh for every phase. Missed targets are
 * reported, not failed: the exit code is 1 only when a run errors.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import { type RunningServer, startFerretDb, startRedis } from '../test/harness/servers';
import { formatSummary, readProfile, summarizeProfile } from './cpuprofile';
import type {
  DeliveryMarks,
  DispatchStarted,
  MessagesServerReady,
  ProfileStarted,
  ProfileWritten,
  Progress,
  ServerConfig,
} from './messages.server';
import {
  ask,
  type Child,
  childCpu,
  failuresOf,
  fixed,
  forkChild,
  numberFromEnv,
  procCpu,
  SHUTDOWN_TIMEOUT_MS,
  STARTUP_TIMEOUT_MS,
  stopChild,
  waitForQuietMachine,
  watchForTestRuns,
} from './support';

type Mode = 'embedded' | 'ferretdb';
const MODES: readonly Mode[] = ['embedded', 'ferretdb'];
const MODE_LABEL: Record<Mode, string> = { embedded: 'embedded', ferretdb: 'FerretDB+Redis' };

type Endpoint = 'me' | 'sms';

/** Targets from the brief: reported as met or missed, never an exit code. */
const TARGETS = {
  /** sms req/s ÷ /me req/s on the embedded server. */
  acceptRatio: 0.5,
  /** p99 of the accept route at the default 50 connections, ms. */
  acceptP99Ms: 25,
  /** End-to-end dispatch with FerretDB + Redis, messages/s. */
  dispatchPerSecond: 1000,
} as const;

const SMS_BODY = JSON.stringify({ to: '+14155550100', body: 'hi' });

interface Options {
  readonly seconds: number;
  readonly warmupSeconds: number;
  readonly connections: number;
  readonly rounds: number;
  readonly modes: readonly Mode[];
  readonly accept: boolean;
  readonly dispatch: Readonly<Record<Mode, readonly number[]>>;
  readonly dispatchTimeoutSeconds: number;
  readonly pollMs: number;
  /** How progress is read during dispatch: the in-process count over IPC, or the list API. */
  readonly progress: 'ipc' | 'api';
  readonly enqueueConnections: number;
  readonly dispatchConcurrency?: number;
  /** Whether the servers format stacks through ts-node's source maps (the default, as ts-node does). */
  readonly sourceMappedStacks: boolean;
  /** Where V8 profiles (and perf data of FerretDB) go, when profiling. */
  readonly profileDir?: string;
  /** How long to wait for other test runs (jest) to end before measuring. */
  readonly waitSeconds: number;
}

function listFromEnv<T>(name: string, fallback: readonly T[], parse: (item: string) => T): T[] {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return [...fallback];
  return raw
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '')
    .map(parse);
}

const sizeParser =
  (name: string) =>
  (item: string): number => {
    const value = Number(item);
    if (!Number.isInteger(value) || value < 1 || value > 100_000) {
      throw new Error(`${name}: ${item} is not a message count between 1 and 100000`);
    }
    return value;
  };

function progressFromEnv(): 'ipc' | 'api' {
  const raw = process.env.BENCH_PROGRESS ?? 'ipc';
  if (raw !== 'ipc' && raw !== 'api') throw new Error(`BENCH_PROGRESS=${raw}: expected ipc or api`);
  return raw;
}

function readOptions(): Options {
  const modes = listFromEnv<Mode>('BENCH_MODES', MODES, (item) => {
    if (!(MODES as readonly string[]).includes(item)) {
      throw new Error(`BENCH_MODES: ${item} is not one of ${MODES.join(', ')}`);
    }
    return item as Mode;
  });
  const profileDir = process.env.BENCH_PROFILE_DIR;
  const concurrency = process.env.BENCH_DISPATCH_CONCURRENCY;
  return {
    seconds: numberFromEnv('BENCH_SECONDS', 10, true, 1),
    warmupSeconds: numberFromEnv('BENCH_WARMUP_SECONDS', 2, true, 0),
    connections: numberFromEnv('BENCH_CONNECTIONS', 50, true, 1),
    rounds: numberFromEnv('BENCH_ROUNDS', 2, true, 1),
    modes,
    accept: numberFromEnv('BENCH_ACCEPT', 1, true, 0) > 0,
    dispatch: {
      embedded: listFromEnv(
        'BENCH_DISPATCH_N_EMBEDDED',
        [10_000],
        sizeParser('BENCH_DISPATCH_N_EMBEDDED'),
      ),
      ferretdb: listFromEnv(
        'BENCH_DISPATCH_N_FERRETDB',
        [100, 200, 400],
        sizeParser('BENCH_DISPATCH_N_FERRETDB'),
      ),
    },
    dispatchTimeoutSeconds: numberFromEnv('BENCH_DISPATCH_TIMEOUT_SECONDS', 90, true, 1),
    pollMs: numberFromEnv('BENCH_POLL_MS', 250, true, 10),
    progress: progressFromEnv(),
    enqueueConnections: numberFromEnv('BENCH_ENQUEUE_CONNECTIONS', 16, true, 1),
    ...(concurrency
      ? {
          dispatchConcurrency: numberFromEnv('BENCH_DISPATCH_CONCURRENCY', 16, true, 1),
        }
      : {}),
    ...(profileDir ? { profileDir: resolve(profileDir) } : {}),
    waitSeconds: numberFromEnv('BENCH_WAIT_SECONDS', 900, true, 0),
    sourceMappedStacks: numberFromEnv('BENCH_SOURCE_MAPS', 1, true, 0) > 0,
  };
}

// ---------------------------------------------------------------------------------------------
// Everything started, so that it can all be stopped (also by the watchdog or a signal).

const children = new Set<ChildProcess>();
const infrastructure = new Set<RunningServer>();

function killEverything(): void {
  for (const child of children) child.kill('SIGKILL');
  for (const server of infrastructure) {
    try {
      process.kill(server.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

interface Infra {
  readonly ferret: RunningServer;
  readonly redis: RunningServer;
}

async function startInfra(database: string): Promise<Infra & { config: ServerConfig }> {
  const ferret = await startFerretDb();
  infrastructure.add(ferret);
  const redis = await startRedis();
  infrastructure.add(redis);
  return { ferret, redis, config: { mongodbUri: `${ferret.url}${database}`, redisUrl: redis.url } };
}

async function stopInfra(infra: Infra | undefined): Promise<void> {
  if (!infra) return;
  await Promise.all([infra.ferret.stop(), infra.redis.stop()]);
  infrastructure.delete(infra.ferret);
  infrastructure.delete(infra.redis);
}

type Server = Child<MessagesServerReady>;

async function startServer(label: string, config: ServerConfig, options: Options): Promise<Server> {
  const server = await forkChild<MessagesServerReady>(
    join(__dirname, 'messages.server.ts'),
    label,
    {
      args: [
        JSON.stringify({
          ...config,
          ...(options.dispatchConcurrency === undefined
            ? {}
            : { dispatchConcurrency: options.dispatchConcurrency }),
          sourceMappedStacks: options.sourceMappedStacks,
        } satisfies ServerConfig),
      ],
    },
  );
  children.add(server.child);
  server.child.once('exit', () => children.delete(server.child));
  return server;
}

async function stopServer(server: Server | undefined): Promise<void> {
  if (!server) return;
  await stopChild(server.child);
  children.delete(server.child);
}

// ---------------------------------------------------------------------------------------------
// HTTP

const base = (server: Server): string => `http://127.0.0.1:${server.ready.port}/api/v1`;

interface Answer {
  readonly status: number;
  readonly json: unknown;
}

async function call(
  server: Server,
  path: string,
  init: { method?: string; body?: string; key?: string | null } = {},
): Promise<Answer> {
  const key = init.key === undefined ? server.ready.key : init.key;
  const response = await fetch(`${base(server)}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      ...(key === null ? {} : { 'x-api-key': key }),
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(init.body === undefined ? {} : { body: init.body }),
  });
  const text = await response.text();
  let json: unknown = text;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, json };
}

const field = (value: unknown, name: string): unknown =>
  typeof value === 'object' && value !== null
    ? (value as Record<string, unknown>)[name]
    : undefined;

/** `total` of the messages with this status, from offset paging with one item. */
async function countWithStatus(server: Server, status: string): Promise<number> {
  const answer = await call(server, `/messages?status=${status}&offset=0&limit=1&count=true`);
  const total = field(answer.json, 'total');
  if (answer.status !== 200 || typeof total !== 'number') {
    throw new Error(
      `GET /messages?status=${status} answered ${answer.status}: ${JSON.stringify(answer.json)}`,
    );
  }
  return total;
}

/**
 * Before measuring: /me answers, a send is accepted (202, QUEUED) and stays QUEUED (the
 * dispatcher is paused), and a send without a key is refused.
 */
async function checkServer(server: Server): Promise<void> {
  const problems: string[] = [];
  const me = await call(server, '/me');
  if (me.status !== 200) problems.push(`GET /me answered ${me.status}`);
  const sent = await call(server, '/messages/sms', { method: 'POST', body: SMS_BODY });
  const id = field(sent.json, 'messageId');
  if (sent.status !== 202 || typeof id !== 'string') {
    problems.push(`POST /messages/sms answered ${sent.status} ${JSON.stringify(sent.json)}`);
  } else {
    await sleep(200);
    const stored = await call(server, `/messages/${id}`);
    if (stored.status !== 200 || field(stored.json, 'status') !== 'QUEUED') {
      problems.push(
        `the accepted message should stay QUEUED while the dispatcher is paused: ${stored.status} ${JSON.stringify(stored.json)}`,
      );
    }
  }
  const anonymous = await call(server, '/messages/sms', {
    method: 'POST',
    body: SMS_BODY,
    key: null,
  });
  if (anonymous.status !== 401) problems.push(`a send without a key answered ${anonymous.status}`);
  if (problems.length > 0) {
    throw new Error(
      `${server.label}: the server is not what it should be:\n  ${problems.join('\n  ')}`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// CPU accounting: the server (IPC), this process (the client), FerretDB and redis (/proc).

interface CpuSnapshot {
  readonly at: bigint;
  readonly server: number;
  readonly client: number;
  readonly ferret?: number;
  readonly redis?: number;
}

async function snapshot(server: Server, infra?: Infra): Promise<CpuSnapshot> {
  const usage = process.cpuUsage();
  return {
    at: process.hrtime.bigint(),
    server: await childCpu(server.child),
    client: usage.user + usage.system,
    ...(infra ? { ferret: procCpu(infra.ferret.pid), redis: procCpu(infra.redis.pid) } : {}),
  };
}

/** CPU used between two snapshots, in µs, and the wall time between them. */
interface CpuUse {
  readonly wallUs: number;
  readonly server: number;
  readonly client: number;
  readonly ferret?: number;
  readonly redis?: number;
}

function cpuBetween(before: CpuSnapshot, after: CpuSnapshot): CpuUse {
  return {
    wallUs: Number(after.at - before.at) / 1000,
    server: after.server - before.server,
    client: after.client - before.client,
    ...(before.ferret !== undefined && after.ferret !== undefined
      ? { ferret: after.ferret - before.ferret }
      : {}),
    ...(before.redis !== undefined && after.redis !== undefined
      ? { redis: after.redis - before.redis }
      : {}),
  };
}

const share = (us: number | undefined, wallUs: number): string =>
  us === undefined ? '' : `${fixed((us / wallUs) * 100).padStart(3)}%`;

function cpuLine(use: CpuUse): string {
  return [
    `node ${share(use.server, use.wallUs)}`,
    ...(use.ferret === undefined ? [] : [`ferretdb ${share(use.ferret, use.wallUs)}`]),
    ...(use.redis === undefined ? [] : [`redis ${share(use.redis, use.wallUs)}`]),
    `client ${share(use.client, use.wallUs)}`,
  ].join(' ');
}

// ---------------------------------------------------------------------------------------------
// Profiling: V8 profile of the server (inspector, in the child) and perf of FerretDB.

async function profileStart(server: Server, options: Options): Promise<boolean> {
  if (!options.profileDir) return false;
  await ask<ProfileStarted>(server.child, { type: 'profile-start' }, 'profiling');
  return true;
}

async function profileStop(server: Server, options: Options, name: string): Promise<void> {
  if (!options.profileDir) return;
  const path = join(options.profileDir, `${name}.cpuprofile`);
  await ask<ProfileWritten>(server.child, { type: 'profile-stop', path }, 'profiled', 120_000);
  console.log(`\nV8 CPU profile of the ${server.label} server (${path}):`);
  console.log(formatSummary(summarizeProfile(readProfile(path), 15)).join('\n'));
}

function perfAvailable(): boolean {
  try {
    execFileSync('perf', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

interface PerfRecording {
  readonly path: string;
  stop(): Promise<void>;
}

/** `perf record` of one process (cpu-clock samples with call graphs) until `stop()`. */
function perfRecord(pid: number, path: string): PerfRecording | undefined {
  const perf = spawn(
    'perf',
    ['record', '-e', 'cpu-clock', '-F', '499', '-g', '-p', String(pid), '-o', path],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  children.add(perf);
  let output = '';
  perf.stderr.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-2000);
  });
  return {
    path,
    stop: () =>
      new Promise((done) => {
        if (perf.exitCode !== null) {
          console.log(`perf record ended early: ${output}`);
          children.delete(perf);
          done();
          return;
        }
        const force = setTimeout(() => perf.kill('SIGKILL'), 30_000);
        perf.once('exit', () => {
          clearTimeout(force);
          children.delete(perf);
          done();
        });
        perf.kill('SIGINT');
      }),
  };
}

/** The top lines of `perf report`: self time per symbol, then per shared object. */
function perfReport(path: string): void {
  const report = (args: string[]): string[] =>
    execFileSync('perf', ['report', '-i', path, '--stdio', '-q', ...args], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'ignore'],
    })
      .split('\n')
      .filter((line) => /^\s+\d/.test(line))
      .map((line) => line.trim().replace(/(\s+-)+$/, ''));
  try {
    console.log(`\nperf of the FerretDB process (${path}), self time by symbol:`);
    for (const line of report(['--no-children', '--sort', 'symbol', '-g', 'none']).slice(0, 20)) {
      console.log(`  ${line}`);
    }
    const inclusive = report(['--children', '--sort', 'symbol', '-g', 'none']);
    console.log('by MongoDB command (FerretDB handler, including callees):');
    for (const line of inclusive.filter((entry) => /\(\*Handler\)\.Msg\w+$/.test(entry))) {
      console.log(`  ${line}`);
    }
    console.log('by symbol including callees (children):');
    for (const line of inclusive.slice(0, 30)) console.log(`  ${line}`);
  } catch (error) {
    console.log(`perf report failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

// ---------------------------------------------------------------------------------------------
// 1. Accept

interface AcceptRun {
  readonly label: string;
  readonly endpoint: Endpoint;
  readonly result: autocannon.Result;
  readonly requestsPerSecond: number;
  readonly cpu: CpuUse;
}

async function load(
  label: string,
  endpoint: Endpoint,
  server: Server,
  infra: Infra | undefined,
  seconds: number,
  options: Options,
): Promise<AcceptRun> {
  const before = await snapshot(server, infra);
  const result = await autocannon({
    url: `${base(server)}${endpoint === 'me' ? '/me' : '/messages/sms'}`,
    connections: options.connections,
    pipelining: 1,
    duration: seconds,
    ...(endpoint === 'me'
      ? { headers: { 'x-api-key': server.ready.key } }
      : {
          method: 'POST' as const,
          body: SMS_BODY,
          headers: { 'x-api-key': server.ready.key, 'content-type': 'application/json' },
        }),
  });
  const cpu = cpuBetween(before, await snapshot(server, infra));
  const failures = failuresOf(result, endpoint === 'sms' ? 202 : 200);
  if (failures.length > 0) {
    throw new Error(
      `${server.label} ${label} ${endpoint}: every answer must be ${endpoint === 'sms' ? 202 : 200}, but: ${failures.join('; ')}`,
    );
  }
  return {
    label,
    endpoint,
    result,
    requestsPerSecond: result.requests.total / result.duration,
    cpu,
  };
}

const perRequest = (us: number | undefined, requests: number): string =>
  us === undefined ? '' : `${fixed(us / requests).padStart(4)} µs`;

function printAcceptRun(run: AcceptRun): void {
  const { latency, requests } = run.result;
  const { cpu } = run;
  console.log(
    [
      run.label.padEnd(8),
      run.endpoint.padEnd(4),
      `${fixed(run.requestsPerSecond).padStart(6)} req/s`,
      `p50 ${fixed(latency.p50, 1).padStart(5)} ms`,
      `p99 ${fixed(latency.p99, 1).padStart(5)} ms`,
      `${fixed(requests.total).padStart(7)} req`,
      `CPU/req node ${perRequest(cpu.server, requests.total)}` +
        (cpu.ferret === undefined ? '' : ` ferretdb ${perRequest(cpu.ferret, requests.total)}`) +
        (cpu.redis === undefined ? '' : ` redis ${perRequest(cpu.redis, requests.total)}`),
      `CPU ${cpuLine(cpu)}`,
    ].join('  '),
  );
}

interface AcceptSummary {
  readonly requestsPerSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly serverUsPerRequest: number;
  readonly ferretUsPerRequest?: number;
}

function summarizeAccept(runs: readonly AcceptRun[]): AcceptSummary {
  const requests = runs.reduce((sum, run) => sum + run.result.requests.total, 0);
  const seconds = runs.reduce((sum, run) => sum + run.result.duration, 0);
  const mean = (pick: (run: AcceptRun) => number): number =>
    runs.reduce((sum, run) => sum + pick(run), 0) / runs.length;
  const total = (pick: (run: AcceptRun) => number | undefined): number | undefined =>
    runs.every((run) => pick(run) !== undefined)
      ? runs.reduce((sum, run) => sum + (pick(run) ?? 0), 0)
      : undefined;
  const ferret = total((run) => run.cpu.ferret);
  return {
    requestsPerSecond: requests / seconds,
    p50: mean((run) => run.result.latency.p50),
    p99: mean((run) => run.result.latency.p99),
    serverUsPerRequest: (total((run) => run.cpu.server) ?? 0) / requests,
    ...(ferret === undefined ? {} : { ferretUsPerRequest: ferret / requests }),
  };
}

interface AcceptResult {
  readonly mode: Mode;
  readonly me: AcceptSummary;
  readonly sms: AcceptSummary;
}

async function measureAccept(mode: Mode, options: Options): Promise<AcceptResult> {
  console.log(`\n=== accept, ${MODE_LABEL[mode]} ===`);
  let infra: (Infra & { config: ServerConfig }) | undefined;
  let server: Server | undefined;
  try {
    infra = mode === 'ferretdb' ? await startInfra('bench_accept') : undefined;
    server = await startServer(`${mode} accept`, infra?.config ?? {}, options);
    await checkServer(server);
    console.log(
      `${options.rounds} rounds of ${options.seconds} s per route, ${options.connections} connections, ` +
        `pipelining 1, after a ${options.warmupSeconds} s warm-up of each; dispatcher paused`,
    );
    const endpoints: readonly Endpoint[] = ['me', 'sms'];
    if (options.warmupSeconds > 0) {
      for (const endpoint of endpoints) {
        printAcceptRun(
          await load('warm-up', endpoint, server, infra, options.warmupSeconds, options),
        );
      }
    }
    const runs: AcceptRun[] = [];
    for (let round = 1; round <= options.rounds; round += 1) {
      for (const endpoint of endpoints) {
        const run = await load(`round ${round}`, endpoint, server, infra, options.seconds, options);
        printAcceptRun(run);
        runs.push(run);
      }
    }
    if (await profileStart(server, options)) {
      const perf =
        infra && options.profileDir && perfAvailable()
          ? perfRecord(
              infra.ferret.pid,
              join(options.profileDir, `${mode}-accept-sms.ferretdb.perf.data`),
            )
          : undefined;
      printAcceptRun(await load('profiled', 'sms', server, infra, options.seconds, options));
      await perf?.stop();
      await profileStop(server, options, `${mode}-accept-sms`);
      if (perf) perfReport(perf.path);
    }
    const queued = await countWithStatus(server, 'QUEUED');
    console.log(`messages accepted and still QUEUED (dispatcher paused): ${fixed(queued)}`);
    return {
      mode,
      me: summarizeAccept(runs.filter((run) => run.endpoint === 'me')),
      sms: summarizeAccept(runs.filter((run) => run.endpoint === 'sms')),
    };
  } finally {
    await stopServer(server);
    await stopInfra(infra);
  }
}

// ---------------------------------------------------------------------------------------------
// 2. Dispatch

interface DispatchResult {
  readonly mode: Mode;
  readonly messages: number;
  readonly delivered: number;
  readonly complete: boolean;
  readonly seconds: number;
  readonly perSecond: number;
  /** Rate between 10 % and 90 % delivered, when seen. */
  readonly steadyPerSecond?: number;
  readonly cpu: CpuUse;
  readonly enqueuePerSecond: number;
  /** What one progress poll costs, measured after the run with nothing left to send. */
  readonly poll: CpuUse & { readonly polls: number };
}

/** CPU of `polls` progress polls, spaced like during the run, once nothing is left to send. */
async function measurePolling(server: Server, infra: Infra | undefined, options: Options) {
  const polls = 8;
  const before = await snapshot(server, infra);
  for (let i = 0; i < polls; i += 1) {
    await sleep(options.pollMs);
    await countWithStatus(server, 'DELIVERED');
  }
  return { ...cpuBetween(before, await snapshot(server, infra)), polls };
}

/**
 * Messages stored as DELIVERED so far, read the way `options.progress` says, with the time of
 * the reading and of the 10 %, 90 % and 100 % marks. With `ipc` the server times the marks
 * itself (its `performance.now()`); with `api` they are the times of the polls that saw them.
 */
interface Reading {
  readonly delivered: number;
  readonly at: number;
  readonly marks: DeliveryMarks;
}

async function readProgress(
  server: Server,
  options: Options,
  count: number,
  previous: DeliveryMarks,
): Promise<Reading> {
  if (options.progress === 'ipc') {
    const progress = await ask<Progress>(server.child, { type: 'progress' }, 'progress');
    return { delivered: progress.delivered, at: progress.now, marks: progress.marks };
  }
  const delivered = await countWithStatus(server, 'DELIVERED');
  const at = performance.now();
  const mark = (fraction: number, seen?: number): number | undefined =>
    seen ?? (delivered >= count * fraction ? at : undefined);
  const tenth = mark(0.1, previous.tenth);
  const ninetieth = mark(0.9, previous.ninetieth);
  const all = mark(1, previous.all);
  return {
    delivered,
    at,
    marks: {
      ...(tenth === undefined ? {} : { tenth }),
      ...(ninetieth === undefined ? {} : { ninetieth }),
      ...(all === undefined ? {} : { all }),
    },
  };
}

async function enqueue(server: Server, count: number, options: Options): Promise<number> {
  const started = Date.now();
  const result = await autocannon({
    url: `${base(server)}/messages/sms`,
    method: 'POST',
    body: SMS_BODY,
    headers: { 'x-api-key': server.ready.key, 'content-type': 'application/json' },
    connections: Math.min(options.enqueueConnections, count),
    pipelining: 1,
    amount: count,
    timeout: 30,
  });
  const failures = failuresOf(result, 202);
  const accepted =
    Object.entries(result.statusCodeStats ?? {}).find(([code]) => code === '202')?.[1].count ?? 0;
  if (failures.length > 0 || accepted !== count) {
    throw new Error(
      `${server.label}: enqueueing ${count} messages: ${accepted} accepted; ${failures.join('; ')}`,
    );
  }
  return count / ((Date.now() - started) / 1000);
}

async function measureDispatch(
  mode: Mode,
  count: number,
  options: Options,
): Promise<DispatchResult> {
  console.log(`\n=== dispatch, ${MODE_LABEL[mode]}, ${fixed(count)} messages ===`);
  let infra: (Infra & { config: ServerConfig }) | undefined;
  let server: Server | undefined;
  let perf: PerfRecording | undefined;
  try {
    infra = mode === 'ferretdb' ? await startInfra(`bench_dispatch_${count}`) : undefined;
    server = await startServer(`${mode} dispatch`, infra?.config ?? {}, options);
    const enqueuePerSecond = await enqueue(server, count, options);
    const queued = await countWithStatus(server, 'QUEUED');
    if (queued !== count)
      throw new Error(`${count} messages were accepted but ${queued} are QUEUED`);
    console.log(
      `enqueued ${fixed(count)} messages with ${Math.min(options.enqueueConnections, count)} connections, ${fixed(enqueuePerSecond)}/s (dispatcher paused); ` +
        `dispatch concurrency ${server.ready.dispatchConcurrency}; progress read every ${options.pollMs} ms ` +
        (options.progress === 'api'
          ? 'from GET /messages?status=DELIVERED&offset=0&limit=1'
          : 'from the in-process count (IPC)'),
    );
    const profiling = await profileStart(server, options);
    if (profiling && infra && options.profileDir && perfAvailable()) {
      perf = perfRecord(
        infra.ferret.pid,
        join(options.profileDir, `${mode}-dispatch-${count}.ferretdb.perf.data`),
      );
      await sleep(500); // perf attaches
    }
    const before = await snapshot(server, infra);
    const started = performance.now();
    const { startedAt } = await ask<DispatchStarted>(
      server.child,
      { type: 'dispatch', expect: count },
      'dispatching',
    );
    // Readings are on the server's clock with `ipc`, on this process's with `api`.
    const origin = options.progress === 'ipc' ? startedAt : started;
    const deadline = started + options.dispatchTimeoutSeconds * 1000;
    let reading: Reading = { delivered: 0, at: origin, marks: {} };
    let lastReport = started;
    for (;;) {
      await sleep(options.pollMs);
      reading = await readProgress(server, options, count, reading.marks);
      const now = performance.now();
      if (now - lastReport >= 5_000) {
        lastReport = now;
        const elapsed = (reading.at - origin) / 1000;
        console.log(
          `  ${fixed(elapsed, 1).padStart(5)} s  ${fixed(reading.delivered).padStart(6)} delivered  ` +
            `(${fixed(reading.delivered / elapsed)}/s so far)`,
        );
      }
      if (reading.delivered >= count || now >= deadline) break;
    }
    const { delivered, marks } = reading;
    const cpu = cpuBetween(before, await snapshot(server, infra));
    await perf?.stop();
    await profileStop(server, options, `${mode}-dispatch-${count}`);
    if (perf) perfReport(perf.path);
    perf = undefined;
    const failed = await countWithStatus(server, 'FAILED');
    if (failed > 0) throw new Error(`${failed} messages FAILED through the sandbox provider`);
    const stored = await countWithStatus(server, 'DELIVERED');
    if (stored < delivered) {
      throw new Error(`${delivered} messages were counted DELIVERED but the API lists ${stored}`);
    }
    const poll = await measurePolling(server, infra, options);
    const seconds = ((marks.all ?? reading.at) - origin) / 1000;
    const steady =
      marks.tenth !== undefined && marks.ninetieth !== undefined && marks.ninetieth > marks.tenth
        ? (count * 0.8) / ((marks.ninetieth - marks.tenth) / 1000)
        : undefined;
    const result: DispatchResult = {
      mode,
      messages: count,
      delivered,
      complete: delivered >= count,
      seconds,
      perSecond: delivered / seconds,
      ...(steady === undefined ? {} : { steadyPerSecond: steady }),
      cpu,
      enqueuePerSecond,
      poll,
    };
    console.log(
      `${result.complete ? 'all' : `ONLY ${fixed(delivered)} of`} ${fixed(count)} DELIVERED in ${fixed(seconds, 2)} s ` +
        (options.progress === 'ipc' ? '(timed in the server)' : `(±${options.pollMs} ms)`) +
        `: ${fixed(result.perSecond)} messages/s` +
        (steady === undefined ? '' : `, ${fixed(steady)}/s between 10 % and 90 %`) +
        (result.complete ? '' : ` (time bound of ${options.dispatchTimeoutSeconds} s reached)`),
    );
    console.log(
      `CPU during dispatch: ${cpuLine(cpu)} of one core; per message: node ${perRequest(cpu.server, Math.max(delivered, 1))}` +
        (cpu.ferret === undefined
          ? ''
          : `, ferretdb ${perRequest(cpu.ferret, Math.max(delivered, 1))}`) +
        (cpu.redis === undefined ? '' : `, redis ${perRequest(cpu.redis, Math.max(delivered, 1))}`),
    );
    // What the API way of reading progress costs; as a share of the run only when it was used.
    const pollsDuring = options.progress === 'api' ? seconds / (options.pollMs / 1000) : 0;
    const pollCost = (us: number | undefined, total: number | undefined): string =>
      us === undefined
        ? ''
        : `${fixed(us / poll.polls / 1000, 2)} ms CPU` +
          (pollsDuring > 0 && total
            ? ` (${fixed(((us / poll.polls) * pollsDuring * 100) / total, 1)} % of its CPU during the run)`
            : '');
    console.log(
      `one GET /messages?status=DELIVERED&offset=0&limit=1, measured afterwards` +
        (options.progress === 'api' ? ' (progress was read this way)' : '') +
        `: node ${pollCost(poll.server, cpu.server)}` +
        (poll.ferret === undefined ? '' : `, ferretdb ${pollCost(poll.ferret, cpu.ferret)}`),
    );
    return result;
  } finally {
    await perf?.stop();
    await stopServer(server);
    await stopInfra(infra);
  }
}

// ---------------------------------------------------------------------------------------------
// Report

const verdict = (met: boolean): string => (met ? 'MET' : 'MISSED');

function printReport(
  accepts: readonly AcceptResult[],
  dispatches: readonly DispatchResult[],
  quiet: boolean,
  connections: number,
): void {
  console.log('\n=== summary ===');
  if (!quiet) console.log('(other test runs were active: figures distorted)');
  if (accepts.length > 0) {
    console.log(
      'mode            /me req/s   sms req/s   sms/me   /me p50/p99 ms   sms p50/p99 ms   sms CPU/req (node, ferretdb)',
    );
    for (const { mode, me, sms } of accepts) {
      console.log(
        [
          MODE_LABEL[mode].padEnd(14),
          fixed(me.requestsPerSecond).padStart(9),
          fixed(sms.requestsPerSecond).padStart(11),
          fixed(sms.requestsPerSecond / me.requestsPerSecond, 2).padStart(8),
          `${fixed(me.p50, 1)} / ${fixed(me.p99, 1)}`.padStart(16),
          `${fixed(sms.p50, 1)} / ${fixed(sms.p99, 1)}`.padStart(16),
          `   ${fixed(sms.serverUsPerRequest)} µs` +
            (sms.ferretUsPerRequest === undefined ? '' : `, ${fixed(sms.ferretUsPerRequest)} µs`),
        ].join(' '),
      );
    }
  }
  if (dispatches.length > 0) {
    console.log(
      '\nmode            messages   delivered   seconds   messages/s   10-90 % /s   CPU (share of one core)',
    );
    for (const run of dispatches) {
      console.log(
        [
          MODE_LABEL[run.mode].padEnd(14),
          fixed(run.messages).padStart(9),
          fixed(run.delivered).padStart(11),
          fixed(run.seconds, 2).padStart(9),
          fixed(run.perSecond).padStart(12),
          (run.steadyPerSecond === undefined ? '—' : fixed(run.steadyPerSecond)).padStart(12),
          `  ${cpuLine(run.cpu)}`,
        ].join(' '),
      );
    }
  }
  console.log('\ntargets (reported, not enforced):');
  const embedded = accepts.find((result) => result.mode === 'embedded');
  if (embedded) {
    const ratio = embedded.sms.requestsPerSecond / embedded.me.requestsPerSecond;
    console.log(
      `  accept >= ${TARGETS.acceptRatio * 100} % of /me (embedded): ${fixed(ratio * 100, 1)} %: ${verdict(ratio >= TARGETS.acceptRatio)}` +
        ` (${ratio >= TARGETS.acceptRatio ? '+' : ''}${fixed((ratio - TARGETS.acceptRatio) * 100, 1)} points)`,
    );
  }
  for (const { mode, sms } of accepts) {
    console.log(
      `  accept p99 < ${TARGETS.acceptP99Ms} ms at ${connections} connections (${MODE_LABEL[mode]}): ` +
        `${fixed(sms.p99, 1)} ms: ${verdict(sms.p99 < TARGETS.acceptP99Ms)}` +
        ` (${fixed(sms.p99 / TARGETS.acceptP99Ms, 2)}x the target)`,
    );
  }
  for (const run of dispatches.filter((result) => result.mode === 'ferretdb')) {
    console.log(
      `  dispatch >= ${fixed(TARGETS.dispatchPerSecond)} messages/s (FerretDB+Redis, ${fixed(run.messages)} messages): ` +
        `${fixed(run.perSecond)}/s: ${verdict(run.perSecond >= TARGETS.dispatchPerSecond)}` +
        ` (${fixed((run.perSecond / TARGETS.dispatchPerSecond) * 100, 1)} % of the target)`,
    );
  }
}

// ---------------------------------------------------------------------------------------------

/**
 * Which code was measured: a hash of every file under src/, and the one changed last. Someone
 * may be editing src/ while the bench runs; this ties the figures to a version.
 */
function codeFingerprint(): string {
  const root = join(__dirname, '..', 'src');
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) files.push(path);
    }
  };
  walk(root);
  files.sort();
  const hash = createHash('sha256');
  let newest = { path: '', mtime: 0 };
  for (const path of files) {
    hash.update(relative(root, path)).update('\0').update(readFileSync(path)).update('\0');
    const { mtimeMs } = statSync(path);
    if (mtimeMs > newest.mtime) newest = { path, mtime: mtimeMs };
  }
  return (
    `src/ sha256 ${hash.digest('hex').slice(0, 12)} (${files.length} files; last changed ` +
    `${relative(root, newest.path)} at ${new Date(newest.mtime).toISOString()})`
  );
}

function budgetMs(options: Options): number {
  const perAccept =
    STARTUP_TIMEOUT_MS +
    SHUTDOWN_TIMEOUT_MS +
    (options.warmupSeconds * 2 + options.seconds * (options.rounds * 2 + 1) + 60) * 1000;
  const dispatchRuns = options.modes.reduce((sum, mode) => sum + options.dispatch[mode].length, 0);
  const perDispatch =
    STARTUP_TIMEOUT_MS + SHUTDOWN_TIMEOUT_MS + (options.dispatchTimeoutSeconds + 180) * 1000;
  return (options.accept ? options.modes.length * perAccept : 0) + dispatchRuns * perDispatch;
}

async function main(): Promise<number> {
  const options = readOptions();
  if (options.profileDir) mkdirSync(options.profileDir, { recursive: true });
  const quiet = options.waitSeconds > 0 ? await waitForQuietMachine(options.waitSeconds) : true;
  const code = codeFingerprint();
  console.log(`code under test: ${code}`);
  if (!options.sourceMappedStacks) {
    console.log('servers format stack traces with V8 (BENCH_SOURCE_MAPS=0), not source maps');
  }
  const testRuns = watchForTestRuns();
  const budget = budgetMs(options);
  const watchdog = setTimeout(() => {
    console.error(`benchmark: still running after ${budget} ms, giving up`);
    killEverything();
    process.exit(1);
  }, budget);
  watchdog.unref();
  const accepts: AcceptResult[] = [];
  const dispatches: DispatchResult[] = [];
  try {
    if (options.accept) {
      for (const mode of options.modes) accepts.push(await measureAccept(mode, options));
    }
    for (const mode of options.modes) {
      for (const count of options.dispatch[mode]) {
        dispatches.push(await measureDispatch(mode, count, options));
      }
    }
    const interrupted = testRuns.stop();
    printReport(accepts, dispatches, quiet && interrupted.length === 0, options.connections);
    if (interrupted.length > 0) {
      console.log(
        `\nWARNING: test runs started during the measurement:\n  ${interrupted.join('\n  ')}`,
      );
    }
    const codeAfter = codeFingerprint();
    if (codeAfter !== code) {
      console.log(
        `\nWARNING: src/ changed during the run; now ${codeAfter}: servers started after the change ran the new code`,
      );
    }
    return 0;
  } finally {
    clearTimeout(watchdog);
    if (options.profileDir) console.log(`\nprofiles: ${options.profileDir}`);
  }
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`benchmark: ${signal}, stopping everything`);
    killEverything();
    process.exit(1);
  });
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    killEverything();
    process.exitCode = 1;
  },
);
