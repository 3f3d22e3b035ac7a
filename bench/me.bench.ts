/**
 * Throughput of `GET /api/v1/me` with an API key, through the real rate-limit and access guards
 * (`guarded`), against the same app with both guards stubbed (`open`). See bench/README.md.
 *
 *   npm run bench
 *   BENCH_SECONDS=5 BENCH_CONNECTIONS=20 npm run bench
 *
 * Each variant runs in a child process of its own (me.server.ts) and autocannon runs here, so
 * the load generator does not share an event loop with the server it measures.
 */
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import autocannon from 'autocannon';
import type { ApiKeyPrincipal } from '../src/identity/principal';
import type { Variant } from './me.app';
import type { ServerReady } from './me.server';
import {
  childCpu,
  failuresOf,
  fixed,
  forkChild,
  numberFromEnv,
  SHUTDOWN_TIMEOUT_MS,
  STARTUP_TIMEOUT_MS,
  stopChild,
} from './support';

interface Options {
  readonly seconds: number;
  readonly warmupSeconds: number;
  readonly connections: number;
  readonly rounds: number;
  readonly minRatio: number;
  /** Directory for V8 CPU profiles of the two servers, when profiling. */
  readonly cpuProfileDir?: string;
}

function readOptions(): Options {
  const cpuProfileDir = process.env.BENCH_CPU_PROF_DIR;
  return {
    seconds: numberFromEnv('BENCH_SECONDS', 10, true, 1),
    warmupSeconds: numberFromEnv('BENCH_WARMUP_SECONDS', 2, true, 0),
    connections: numberFromEnv('BENCH_CONNECTIONS', 50, true, 1),
    rounds: numberFromEnv('BENCH_ROUNDS', 2, true, 1),
    minRatio: numberFromEnv('BENCH_MIN_RATIO', 0.7, false, 0),
    ...(cpuProfileDir ? { cpuProfileDir } : {}),
  };
}

interface Server {
  readonly variant: Variant;
  readonly child: ChildProcess;
  readonly ready: ServerReady;
}

/** Forks one variant (under ts-node, like this script) and waits until it listens. */
async function startServer(
  variant: Variant,
  options: Options,
  principal?: ApiKeyPrincipal,
): Promise<Server> {
  const args = principal ? [variant, JSON.stringify(principal)] : [variant];
  const profiling = options.cpuProfileDir
    ? [
        '--cpu-prof',
        `--cpu-prof-dir=${options.cpuProfileDir}`,
        `--cpu-prof-name=${variant}.cpuprofile`,
      ]
    : [];
  const { child, ready } = await forkChild<ServerReady>(join(__dirname, 'me.server.ts'), variant, {
    args,
    execArgv: profiling,
  });
  return { variant, child, ready };
}

/** Asks the server to close its app and exit; kills it if it does not within the timeout. */
const stopServer = (server: Server): Promise<void> => stopChild(server.child);

/** The server's CPU time so far, in microseconds. */
const serverCpu = (server: Server): Promise<number> => childCpu(server.child);

const meUrl = (server: Server): string => `http://127.0.0.1:${server.ready.port}/api/v1/me`;

function keyOf(guarded: Server): string {
  const { key } = guarded.ready;
  if (!key) throw new Error('the guarded server did not report its API key');
  return key;
}

interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: string;
}

async function get(url: string, headers: Record<string, string>): Promise<Answer> {
  const response = await fetch(url, { headers });
  return { status: response.status, headers: response.headers, body: await response.text() };
}

/**
 * Before measuring: both variants answer the key's caller with the same body, the guarded one
 * through the limiter (RateLimit-* headers) and refusing a request without a key, the open one
 * without either guard.
 */
async function checkVariants(guarded: Server, open: Server): Promise<void> {
  const headers = { 'x-api-key': keyOf(guarded) };
  const fromGuarded = await get(meUrl(guarded), headers);
  const fromOpen = await get(meUrl(open), headers);
  const problems: string[] = [];
  if (fromGuarded.status !== 200) problems.push(`guarded /me answered ${fromGuarded.status}`);
  if (fromOpen.status !== 200) problems.push(`open /me answered ${fromOpen.status}`);
  if (fromGuarded.body !== fromOpen.body) {
    problems.push(`the bodies differ: guarded ${fromGuarded.body}, open ${fromOpen.body}`);
  }
  if (!fromGuarded.headers.has('ratelimit-limit')) problems.push('guarded: no RateLimit-Limit');
  if (fromOpen.headers.has('ratelimit-limit')) problems.push('open: the limiter still runs');
  const guardedAnonymous = await get(meUrl(guarded), {});
  const openAnonymous = await get(meUrl(open), {});
  if (guardedAnonymous.status !== 401) {
    problems.push(`guarded /me without a key answered ${guardedAnonymous.status}, not 401`);
  }
  if (openAnonymous.status !== 200) {
    problems.push(`open /me without a key answered ${openAnonymous.status}, not 200`);
  }
  if (problems.length > 0)
    throw new Error(`the variants are not what they should be:\n  ${problems.join('\n  ')}`);
  console.log(`GET /api/v1/me -> 200 ${fromGuarded.body}`);
}

interface Run {
  readonly label: string;
  readonly variant: Variant;
  readonly result: autocannon.Result;
  readonly requestsPerSecond: number;
  /** Server CPU time per answered request, in microseconds: what the route costs. */
  readonly serverCpuPerRequestUs: number;
  /** Shares of one core the server and the client (this process) used during the run. */
  readonly serverCpu: number;
  readonly clientCpu: number;
}

async function load(
  label: string,
  server: Server,
  key: string,
  seconds: number,
  options: Options,
): Promise<Run> {
  const serverBefore = await serverCpu(server);
  const cpuBefore = process.cpuUsage();
  const started = process.hrtime.bigint();
  const result = await autocannon({
    url: meUrl(server),
    headers: { 'x-api-key': key },
    connections: options.connections,
    pipelining: 1,
    duration: seconds,
  });
  const elapsedUs = Number(process.hrtime.bigint() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const serverUs = (await serverCpu(server)) - serverBefore;
  const failures = failuresOf(result);
  if (failures.length > 0) {
    throw new Error(
      `${label} ${server.variant}: every answer must be 2xx, but: ${failures.join('; ')}`,
    );
  }
  return {
    label,
    variant: server.variant,
    result,
    requestsPerSecond: result.requests.total / result.duration,
    serverCpuPerRequestUs: serverUs / result.requests.total,
    serverCpu: serverUs / elapsedUs,
    clientCpu: (cpu.user + cpu.system) / elapsedUs,
  };
}

function printRun(run: Run): void {
  const { latency } = run.result;
  console.log(
    [
      run.label.padEnd(8),
      run.variant.padEnd(8),
      `${fixed(run.requestsPerSecond).padStart(8)} req/s`,
      `p50 ${fixed(latency.p50, 1).padStart(5)} ms`,
      `p99 ${fixed(latency.p99, 1).padStart(5)} ms`,
      `${fixed(run.result.requests.total).padStart(9)} requests`,
      `server ${fixed(run.serverCpuPerRequestUs).padStart(4)} µs CPU/req`,
      `CPU server ${fixed(run.serverCpu * 100).padStart(3)}% client ${fixed(run.clientCpu * 100).padStart(3)}%`,
    ].join('  '),
  );
}

interface Summary {
  readonly requestsPerSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly serverCpuPerRequestUs: number;
}

/** Requests over seconds across the rounds; latencies are the mean of the rounds' percentiles. */
function summarize(runs: readonly Run[]): Summary {
  const requests = runs.reduce((sum, run) => sum + run.result.requests.total, 0);
  const seconds = runs.reduce((sum, run) => sum + run.result.duration, 0);
  const serverUs = runs.reduce(
    (sum, run) => sum + run.serverCpuPerRequestUs * run.result.requests.total,
    0,
  );
  const mean = (pick: (run: Run) => number): number =>
    runs.reduce((sum, run) => sum + pick(run), 0) / runs.length;
  return {
    requestsPerSecond: requests / seconds,
    p50: mean((run) => run.result.latency.p50),
    p99: mean((run) => run.result.latency.p99),
    serverCpuPerRequestUs: serverUs / requests,
  };
}

async function measure(guarded: Server, open: Server, options: Options): Promise<boolean> {
  const key = keyOf(guarded);
  await checkVariants(guarded, open);
  console.log(
    `${options.rounds} rounds of ${options.seconds} s per variant, ${options.connections} connections, ` +
      `pipelining 1, after a ${options.warmupSeconds} s warm-up of each\n`,
  );
  if (options.warmupSeconds > 0) {
    for (const server of [guarded, open]) {
      printRun(await load('warm-up', server, key, options.warmupSeconds, options));
    }
  }
  const runs: Run[] = [];
  for (let round = 1; round <= options.rounds; round += 1) {
    for (const server of [guarded, open]) {
      const run = await load(`round ${round}`, server, key, options.seconds, options);
      printRun(run);
      runs.push(run);
    }
  }
  const guardedSummary = summarize(runs.filter((run) => run.variant === 'guarded'));
  const openSummary = summarize(runs.filter((run) => run.variant === 'open'));
  const ratio = guardedSummary.requestsPerSecond / openSummary.requestsPerSecond;
  console.log('');
  for (const [variant, summary] of [
    ['guarded', guardedSummary],
    ['open', openSummary],
  ] as const) {
    console.log(
      `${variant.padEnd(8)} ${fixed(summary.requestsPerSecond).padStart(8)} req/s  ` +
        `p50 ${fixed(summary.p50, 1)} ms  p99 ${fixed(summary.p99, 1)} ms  ` +
        `server ${fixed(summary.serverCpuPerRequestUs)} µs CPU/req`,
    );
  }
  const cpuRatio = openSummary.serverCpuPerRequestUs / guardedSummary.serverCpuPerRequestUs;
  console.log(
    `server CPU per request, open/guarded: ${fixed(cpuRatio, 3)} ` +
      '(the throughput ratio if the server were the only thing on its core)',
  );
  const passed = ratio >= options.minRatio;
  console.log(
    `ratio guarded/open: ${fixed(ratio, 3)} (${fixed(ratio * 100, 1)}%), ` +
      `goal >= ${fixed(options.minRatio, 2)}: ${passed ? 'PASS' : 'FAIL'}`,
  );
  return passed;
}

async function main(): Promise<number> {
  const options = readOptions();
  const budgetMs =
    STARTUP_TIMEOUT_MS * 2 +
    SHUTDOWN_TIMEOUT_MS * 2 +
    (options.warmupSeconds * 2 + options.seconds * options.rounds * 2 + 30) * 1000;
  const servers: Server[] = [];
  const watchdog = setTimeout(() => {
    console.error(`benchmark: still running after ${budgetMs} ms, giving up`);
    for (const server of servers) server.child.kill('SIGKILL');
    process.exit(1);
  }, budgetMs);
  watchdog.unref();
  try {
    const guarded = await startServer('guarded', options);
    servers.push(guarded);
    const { principal } = guarded.ready;
    if (!principal) throw new Error('the guarded server did not report the key principal');
    const open = await startServer('open', options, principal);
    servers.push(open);
    return (await measure(guarded, open, options)) ? 0 : 1;
  } finally {
    await Promise.all(servers.map(stopServer));
    clearTimeout(watchdog);
    if (options.cpuProfileDir) console.log(`CPU profiles of the servers: ${options.cpuProfileDir}`);
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
