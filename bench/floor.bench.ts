/**
 * The message pipeline against the floor of its stack, in one run (see bench/README.md):
 *
 *   npm run bench:floor
 *
 * 1. Accept (embedded): `POST /api/v1/messages/sms` on the app, on the app with every body read
 *    before the guards (the order before bodies were read last), and on baseline (a), a bare
 *    NestJS app with a guard and a ValidationPipe answering 202; alternating rounds.
 * 2. Dispatch (FerretDB 1.24 on PostgreSQL + Redis): a backlog of N messages accepted through the
 *    app, then sent by the app's dispatcher, against baseline (b), a bare BullMQ worker with the
 *    mongodb driver doing only a claim, a no-op send and a completion for N copies, at the same
 *    concurrency on the same servers; for N = 400 and 1,600.
 *
 * CPU per request and per message of every process is reported beside the rates. Goals missed
 * are reported, not failed: the exit code is 1 only when a run errors.
 */
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import {
  type RunningFerretDb,
  type RunningServer,
  startFerretDb,
  startRedis,
} from '../test/harness/servers';
import type { FloorReady } from './floor/accept-floor.server';
import type { DispatchFloorConfig } from './floor/dispatch-floor.server';
import type {
  DispatchStarted,
  MessagesServerReady,
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
  type Request,
  stopChild,
  treeCpu,
  watchForTestRuns,
} from './support';

const GOALS = {
  /** Accept req/s of the app ÷ baseline (a). */
  acceptRatio: 0.6,
  /** Accept p99 of the app ÷ baseline (a)'s. */
  acceptP99Ratio: 1.5,
  /** Accept req/s with bodies read last ÷ with bodies read first. */
  parsingOrderRatio: 0.95,
  /** Dispatch messages/s of the app ÷ baseline (b), at each backlog. */
  dispatchRatio: 0.5,
  /** Dispatch rate at the largest backlog ÷ at the smallest. */
  flatRatio: 0.8,
} as const;

const SMS_BODY = JSON.stringify({ to: '+14155550100', body: 'hi' });
const FLOOR_KEY = 'floor_0123456789abcdef0123456789abcdef';

const options = {
  seconds: numberFromEnv('BENCH_SECONDS', 6, true, 1),
  warmupRequests: numberFromEnv('BENCH_WARMUP_REQUESTS', 3000, true, 0),
  rounds: numberFromEnv('BENCH_ROUNDS', 3, true, 1),
  connections: numberFromEnv('BENCH_CONNECTIONS', 50, true, 1),
  accept: numberFromEnv('BENCH_ACCEPT', 1, true, 0) > 0,
  backlogs: (process.env.BENCH_BACKLOGS ?? '400,1600')
    .split(',')
    .filter((item) => item.trim() !== '')
    .map(Number),
  concurrency: numberFromEnv('BENCH_DISPATCH_CONCURRENCY', 16, true, 1),
  dispatchTimeoutSeconds: numberFromEnv('BENCH_DISPATCH_TIMEOUT_SECONDS', 120, true, 1),
};
if (options.backlogs.some((n) => !Number.isInteger(n) || n < 10 || n > 100_000)) {
  throw new Error(`BENCH_BACKLOGS=${process.env.BENCH_BACKLOGS ?? ''}: message counts, 10..100000`);
}

// ---------------------------------------------------------------------------------------------
// Processes: every child and server, so that all can be stopped (also on a signal).

const children = new Set<ChildProcess>();
const servers = new Set<RunningServer>();

function killEverything(): void {
  for (const child of children) child.kill('SIGKILL');
  for (const server of servers) {
    try {
      process.kill(server.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

async function fork<Ready extends { readonly type: 'ready' }>(
  script: string,
  label: string,
  args: readonly string[],
): Promise<Child<Ready>> {
  const child = await forkChild<Ready>(join(__dirname, script), label, { args });
  children.add(child.child);
  child.child.once('exit', () => children.delete(child.child));
  return child;
}

/** The app as `messages.server.ts` runs it, with V8's stack formatter as `node dist/main.js`. */
const startApp = (label: string, config: ServerConfig): Promise<Child<MessagesServerReady>> =>
  fork<MessagesServerReady>('messages.server.ts', label, [
    JSON.stringify({
      ...config,
      dispatchConcurrency: options.concurrency,
      sourceMappedStacks: false,
    } satisfies ServerConfig),
  ]);

// ---------------------------------------------------------------------------------------------
// 1. Accept

interface Target {
  readonly label: string;
  readonly child: ChildProcess;
  readonly url: string;
  readonly key: string;
}

interface Load {
  readonly requests: number;
  readonly seconds: number;
  readonly p50: number;
  readonly p99: number;
  readonly cpuUs: number;
}

/** A run of `seconds`, or of `amount` requests (a warm-up: JIT and first GCs take requests, not time). */
async function load(target: Target, run: { seconds: number } | { amount: number }): Promise<Load> {
  const before = await childCpu(target.child);
  const result = await autocannon({
    url: target.url,
    method: 'POST',
    body: SMS_BODY,
    headers: { 'x-api-key': target.key, 'content-type': 'application/json' },
    connections: options.connections,
    pipelining: 1,
    ...('seconds' in run ? { duration: run.seconds } : { amount: run.amount }),
  });
  const cpuUs = (await childCpu(target.child)) - before;
  const failures = failuresOf(result, 202);
  if (failures.length > 0) throw new Error(`${target.label}: ${failures.join('; ')}`);
  const { total } = result.requests;
  return {
    requests: total,
    seconds: result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    cpuUs,
  };
}

const loadLine = (label: string, run: Load): string =>
  `${label.padEnd(22)} ${fixed(run.requests / run.seconds).padStart(6)} req/s  p50 ${fixed(run.p50, 1).padStart(5)} ms  ` +
  `p99 ${fixed(run.p99, 1).padStart(5)} ms  node ${fixed(run.cpuUs / run.requests).padStart(4)} µs CPU/req`;

/** A variant over all rounds: req/s and CPU over all, mean p50/p99, and the median round's CPU. */
interface Total extends Load {
  /** CPU per request of the median round, µs: one round disturbed by other load moves it least. */
  readonly medianCpuPerRequest: number;
}

function total(runs: readonly Load[]): Total {
  const sum = (pick: (run: Load) => number): number => runs.reduce((s, run) => s + pick(run), 0);
  const perRequest = runs.map((run) => run.cpuUs / run.requests).sort((a, b) => a - b);
  return {
    requests: sum((run) => run.requests),
    seconds: sum((run) => run.seconds),
    p50: sum((run) => run.p50) / runs.length,
    p99: sum((run) => run.p99) / runs.length,
    cpuUs: sum((run) => run.cpuUs),
    medianCpuPerRequest: perRequest[Math.floor(perRequest.length / 2)] ?? 0,
  };
}

async function expectStatus(target: Target, key: string | undefined, ok: boolean): Promise<void> {
  const response = await fetch(target.url, {
    method: 'POST',
    body: SMS_BODY,
    headers: { 'content-type': 'application/json', ...(key ? { 'x-api-key': key } : {}) },
  });
  if ((response.status === 202) !== ok) {
    throw new Error(
      `${target.label}: a send ${key ? 'with' : 'without'} a key answered ${response.status}`,
    );
  }
}

type AcceptTotals = Readonly<Record<'floor' | 'app' | 'bodyFirst', Total>>;

async function measureAccept(): Promise<AcceptTotals> {
  console.log(
    '\n=== accept: POST /api/v1/messages/sms, embedded (memory store, in-process queue), dispatcher paused ===',
  );
  const started = await Promise.all([
    fork<FloorReady>('floor/accept-floor.server.ts', 'baseline (a)', [FLOOR_KEY]),
    startApp('app', {}),
    startApp('app, body first', { bodyFirst: true }),
  ]);
  const [floor, app, bodyFirst] = started;
  try {
    const appUrl = (port: number): string => `http://127.0.0.1:${port}/api/v1/messages/sms`;
    const targets = {
      floor: {
        label: 'baseline (a) bare Nest',
        child: floor.child,
        url: appUrl(floor.ready.port),
        key: FLOOR_KEY,
      },
      app: { label: 'app', child: app.child, url: appUrl(app.ready.port), key: app.ready.key },
      bodyFirst: {
        label: 'app, body read first',
        child: bodyFirst.child,
        url: appUrl(bodyFirst.ready.port),
        key: bodyFirst.ready.key,
      },
    } as const;
    for (const target of Object.values(targets)) {
      await expectStatus(target, target.key, true);
      await expectStatus(target, undefined, false);
    }
    const order = ['floor', 'app', 'bodyFirst'] as const;
    if (options.warmupRequests > 0) {
      for (const name of order) {
        const warmUp = await load(targets[name], { amount: options.warmupRequests });
        console.log(loadLine(`warm-up ${name}`, warmUp));
      }
    }
    const runs: Record<(typeof order)[number], Load[]> = { floor: [], app: [], bodyFirst: [] };
    for (let round = 0; round < options.rounds; round += 1) {
      // Each round starts with another variant, so that drift is spread over all three.
      for (let i = 0; i < order.length; i += 1) {
        const name = order[(round + i) % order.length] ?? 'app';
        const run = await load(targets[name], { seconds: options.seconds });
        runs[name].push(run);
        console.log(loadLine(`round ${round + 1} ${targets[name].label}`, run));
      }
    }
    return { floor: total(runs.floor), app: total(runs.app), bodyFirst: total(runs.bodyFirst) };
  } finally {
    await Promise.all(started.map((child) => stopChild(child.child)));
  }
}

// ---------------------------------------------------------------------------------------------
// 2. Dispatch

interface Infra {
  readonly ferret: RunningFerretDb;
  readonly redis: RunningServer;
}

/** CPU so far of the dispatching node process, FerretDB, PostgreSQL (all backends) and Redis. */
interface Cpu {
  readonly node: number;
  readonly ferretdb: number;
  readonly postgres: number;
  readonly redis: number;
}

async function cpuOf(child: ChildProcess, infra: Infra): Promise<Cpu> {
  return {
    node: await childCpu(child),
    ferretdb: procCpu(infra.ferret.pid),
    postgres: infra.ferret.postgres ? treeCpu(infra.ferret.postgres.pid) : 0,
    redis: procCpu(infra.redis.pid),
  };
}

interface DispatchRun {
  readonly messages: number;
  readonly seconds: number;
  readonly perSecond: number;
  /** CPU per message, µs. */
  readonly cpu: Cpu;
}

/** Starts dispatching in `child`, waits until `count` are done, and times it in the child. */
async function dispatch(
  child: ChildProcess,
  infra: Infra,
  count: number,
  request: Request,
): Promise<DispatchRun> {
  const before = await cpuOf(child, infra);
  const { startedAt } = await ask<DispatchStarted>(child, request, 'dispatching');
  const deadline = Date.now() + options.dispatchTimeoutSeconds * 1000;
  let progress: Progress;
  do {
    await sleep(200);
    progress = await ask<Progress>(child, { type: 'progress' }, 'progress');
  } while (progress.delivered < count && Date.now() < deadline);
  const after = await cpuOf(child, infra);
  if (progress.delivered < count) {
    throw new Error(
      `only ${progress.delivered} of ${count} done within ${options.dispatchTimeoutSeconds} s`,
    );
  }
  const seconds = ((progress.marks.all ?? progress.now) - startedAt) / 1000;
  const per = (key: keyof Cpu): number => (after[key] - before[key]) / count;
  return {
    messages: count,
    seconds,
    perSecond: count / seconds,
    cpu: {
      node: per('node'),
      ferretdb: per('ferretdb'),
      postgres: per('postgres'),
      redis: per('redis'),
    },
  };
}

const cpuText = (cpu: Cpu): string =>
  `node ${fixed(cpu.node)} µs, ferretdb ${fixed(cpu.ferretdb)} µs, postgres ${fixed(cpu.postgres)} µs, redis ${fixed(cpu.redis)} µs`;

const dispatchLine = (label: string, run: DispatchRun): string =>
  `${label.padEnd(22)} ${fixed(run.messages).padStart(5)} in ${fixed(run.seconds, 2).padStart(6)} s  ` +
  `${fixed(run.perSecond).padStart(5)} messages/s  CPU per message: ${cpuText(run.cpu)}`;

async function countOf(app: Child<MessagesServerReady>, status: string): Promise<number> {
  const response = await fetch(
    `http://127.0.0.1:${app.ready.port}/api/v1/messages?status=${status}&limit=1&count=true`,
    { headers: { 'x-api-key': app.ready.key } },
  );
  const body = (await response.json()) as { total?: unknown };
  if (response.status !== 200 || typeof body.total !== 'number') {
    throw new Error(`GET /messages?status=${status} answered ${response.status}`);
  }
  return body.total;
}

async function enqueue(app: Child<MessagesServerReady>, count: number): Promise<void> {
  const result = await autocannon({
    url: `http://127.0.0.1:${app.ready.port}/api/v1/messages/sms`,
    method: 'POST',
    body: SMS_BODY,
    headers: { 'x-api-key': app.ready.key, 'content-type': 'application/json' },
    connections: 16,
    amount: count,
    timeout: 30,
  });
  const failures = failuresOf(result, 202);
  if (failures.length > 0) throw new Error(`enqueueing ${count}: ${failures.join('; ')}`);
}

interface DispatchPair {
  readonly backlog: number;
  readonly floor: DispatchRun;
  readonly app: DispatchRun;
}

async function measureDispatch(backlog: number, appFirst: boolean): Promise<DispatchPair> {
  console.log(
    `\n=== dispatch of a backlog of ${fixed(backlog)}, FerretDB on PostgreSQL + Redis ===`,
  );
  const started: Child<{ readonly type: 'ready' }>[] = [];
  let infra: Infra | undefined;
  try {
    const ferret = await startFerretDb('postgresql');
    servers.add(ferret);
    const redis = await startRedis();
    servers.add(redis);
    infra = { ferret, redis };
    const app = await startApp('app dispatch', {
      mongodbUri: `${ferret.url}bench_app`,
      redisUrl: redis.url,
    });
    started.push(app);
    await enqueue(app, backlog);
    const queued = await countOf(app, 'QUEUED');
    if (queued !== backlog) throw new Error(`${backlog} accepted, ${queued} QUEUED`);
    const floor = await fork<{ readonly type: 'ready' }>(
      'floor/dispatch-floor.server.ts',
      'baseline (b)',
      [
        JSON.stringify({
          mongodbUri: ferret.url,
          templateDatabase: 'bench_app',
          database: 'bench_floor',
          redisUrl: redis.url,
          concurrency: app.ready.dispatchConcurrency,
        } satisfies DispatchFloorConfig),
      ],
    );
    started.push(floor);
    await ask(floor.child, { type: 'prepare', count: backlog }, 'prepared', 120_000);
    console.log(
      `backlogs ready: ${fixed(backlog)} messages each; concurrency ${app.ready.dispatchConcurrency} each`,
    );
    const runFloor = (): Promise<DispatchRun> =>
      dispatch(floor.child, infra as Infra, backlog, { type: 'dispatch' });
    const runApp = (): Promise<DispatchRun> =>
      dispatch(app.child, infra as Infra, backlog, { type: 'dispatch', expect: backlog });
    let floorRun: DispatchRun;
    let appRun: DispatchRun;
    if (appFirst) {
      appRun = await runApp();
      floorRun = await runFloor();
    } else {
      floorRun = await runFloor();
      appRun = await runApp();
    }
    console.log(dispatchLine('baseline (b) bare', floorRun));
    console.log(dispatchLine('app', appRun));
    const [delivered, failed] = [await countOf(app, 'DELIVERED'), await countOf(app, 'FAILED')];
    if (delivered !== backlog || failed !== 0) {
      throw new Error(`the app stored ${delivered} DELIVERED and ${failed} FAILED of ${backlog}`);
    }
    return { backlog, floor: floorRun, app: appRun };
  } finally {
    await Promise.all(started.map((child) => stopChild(child.child)));
    if (infra) {
      await Promise.all([infra.ferret.stop(), infra.redis.stop()]);
      servers.delete(infra.ferret);
      servers.delete(infra.redis);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Report

interface Goal {
  readonly name: string;
  readonly measured: string;
  readonly met: boolean;
}

/**
 * The accept goals compare throughput; on a shared machine req/s moves with whatever else runs,
 * so the verdicts use the server's CPU per request in the median round (the throughput ratio it
 * would have on a core of its own), with req/s beside it. Latency is compared as measured.
 */
function acceptGoals(accept: AcceptTotals): Goal[] {
  const rate = (run: Load): number => run.requests / run.seconds;
  const cpu = (run: Total): number => run.medianCpuPerRequest;
  const ratio = cpu(accept.floor) / cpu(accept.app);
  const p99 = accept.app.p99 / accept.floor.p99;
  const order = cpu(accept.bodyFirst) / cpu(accept.app);
  return [
    {
      name: `accept >= ${GOALS.acceptRatio}x baseline (a)`,
      measured: `${fixed(ratio, 2)}x by CPU/req (${fixed(cpu(accept.app))} vs ${fixed(cpu(accept.floor))} µs); req/s ${fixed(rate(accept.app) / rate(accept.floor), 2)}x (${fixed(rate(accept.app))} vs ${fixed(rate(accept.floor))})`,
      met: ratio >= GOALS.acceptRatio,
    },
    {
      name: `accept p99 <= ${GOALS.acceptP99Ratio}x baseline (a)'s`,
      measured: `${fixed(p99, 2)}x (${fixed(accept.app.p99, 1)} vs ${fixed(accept.floor.p99, 1)} ms)`,
      met: p99 <= GOALS.acceptP99Ratio,
    },
    {
      name: `body read last costs <= ${fixed((1 - GOALS.parsingOrderRatio) * 100)} % of accept`,
      measured: `${fixed(order, 3)}x of body first by CPU/req (${fixed(cpu(accept.app))} vs ${fixed(cpu(accept.bodyFirst))} µs); req/s ${fixed(rate(accept.app) / rate(accept.bodyFirst), 3)}x (${fixed(rate(accept.app))} vs ${fixed(rate(accept.bodyFirst))})`,
      met: order >= GOALS.parsingOrderRatio,
    },
  ];
}

function dispatchGoals(pairs: readonly DispatchPair[]): Goal[] {
  const goals = pairs.map((pair) => ({
    name: `dispatch >= ${GOALS.dispatchRatio}x baseline (b) at ${fixed(pair.backlog)}`,
    measured: `${fixed(pair.app.perSecond / pair.floor.perSecond, 2)}x (${fixed(pair.app.perSecond)} vs ${fixed(pair.floor.perSecond)} messages/s)`,
    met: pair.app.perSecond / pair.floor.perSecond >= GOALS.dispatchRatio,
  }));
  const [first, last] = [pairs.at(0), pairs.at(-1)];
  if (first && last && first !== last) {
    const flat = last.app.perSecond / first.app.perSecond;
    goals.push({
      name: `dispatch at ${fixed(last.backlog)} within ${fixed((1 - GOALS.flatRatio) * 100)} % of at ${fixed(first.backlog)}`,
      measured: `${fixed(flat, 2)}x (${fixed(last.app.perSecond)} vs ${fixed(first.app.perSecond)} messages/s)`,
      met: flat >= GOALS.flatRatio,
    });
  }
  return goals;
}

function report(accept: AcceptTotals | undefined, pairs: readonly DispatchPair[]): void {
  console.log('\n=== summary ===');
  if (accept) {
    console.log(loadLine('baseline (a) bare Nest', accept.floor));
    console.log(loadLine('app', accept.app));
    console.log(loadLine('app, body read first', accept.bodyFirst));
  }
  for (const pair of pairs) {
    console.log(dispatchLine(`baseline (b) at ${fixed(pair.backlog)}`, pair.floor));
    console.log(dispatchLine(`app at ${fixed(pair.backlog)}`, pair.app));
  }
  const goals = [...(accept ? acceptGoals(accept) : []), ...dispatchGoals(pairs)];
  console.log('\ngoals (reported, not enforced):');
  for (const goal of goals)
    console.log(`  ${goal.met ? 'MET   ' : 'MISSED'}  ${goal.name}: ${goal.measured}`);
  const missed = goals.filter((goal) => !goal.met);
  console.log(
    missed.length === 0
      ? '\nevery goal met'
      : `\ngoals missed: ${missed.map((goal) => goal.name).join('; ')}`,
  );
}

async function main(): Promise<void> {
  const testRuns = watchForTestRuns();
  const watchdog = setTimeout(() => {
    console.error('benchmark: still running after 20 minutes, giving up');
    killEverything();
    process.exit(1);
  }, 20 * 60_000);
  watchdog.unref();
  try {
    const accept = options.accept ? await measureAccept() : undefined;
    const pairs: DispatchPair[] = [];
    for (const [index, backlog] of options.backlogs.entries()) {
      pairs.push(await measureDispatch(backlog, index % 2 === 1));
    }
    report(accept, pairs);
    const others = testRuns.stop();
    if (others.length > 0)
      console.log(`\nWARNING: test runs were active meanwhile:\n  ${others.join('\n  ')}`);
  } finally {
    clearTimeout(watchdog);
  }
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killEverything();
    process.exit(1);
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  killEverything();
  process.exitCode = 1;
});
