/** Phase 1, accept: the send route under autocannon against `GET /me` on the same server. */
import { join } from 'node:path';
import autocannon from 'autocannon';
import type { ServerConfig } from '../messages.server';
import { failuresOf, fixed } from '../support';
import { cpuBetween, cpuLine, type CpuUse, perRequest, snapshot } from './cpu';
import { perfAvailable, perfRecord, perfReport, profileStart, profileStop } from './profiling';
import { type Endpoint, type Mode, MODE_LABEL, type Options, SMS_BODY } from './options';
import { base, checkServer, countWithStatus } from './api';
import { type Infra, type Server, startInfra, startServer, stopInfra, stopServer } from './servers';

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

export interface AcceptResult {
  readonly mode: Mode;
  readonly me: AcceptSummary;
  readonly sms: AcceptSummary;
}

export async function measureAccept(mode: Mode, options: Options): Promise<AcceptResult> {
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
