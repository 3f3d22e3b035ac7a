/**
 * Phase 2, dispatch (FerretDB on PostgreSQL + Redis): a backlog sent by the app's dispatcher
 * against baseline (b), a bare BullMQ worker, on the same servers.
 */
import type { ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import {
  type RunningFerretDb,
  type RunningServer,
  startFerretDb,
  startRedis,
} from '../../test/harness/servers';
import type { DispatchStarted, MessagesServerReady, Progress } from '../messages.server';
import {
  ask,
  type Child,
  childCpu,
  failuresOf,
  fixed,
  procCpu,
  type Request,
  stopChild,
  treeCpu,
} from '../support';
import type { DispatchFloorConfig } from './dispatch-floor.server';
import { createIdContainmentIndex, scansOf } from './ferretdb-id-index';
import { type FerretDbSetup, options, SMS_BODY } from './options';
import { fork, servers, startApp } from './processes';

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
  /**
   * Messages per second between the 10 % and the 90 % marks: the steady rate, without the
   * start-up that weighs on a run of a second or two.
   */
  readonly steadyPerSecond: number;
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
  const { marks } = progress;
  const seconds = ((marks.all ?? progress.now) - startedAt) / 1000;
  const steadySeconds = ((marks.ninetieth ?? progress.now) - (marks.tenth ?? startedAt)) / 1000;
  const per = (key: keyof Cpu): number => (after[key] - before[key]) / count;
  return {
    messages: count,
    seconds,
    perSecond: count / seconds,
    steadyPerSecond: (count * 0.8) / steadySeconds,
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

export const dispatchLine = (label: string, run: DispatchRun): string =>
  `${label.padEnd(36)} ${fixed(run.messages).padStart(5)} in ${fixed(run.seconds, 2).padStart(6)} s  ` +
  `${fixed(run.perSecond).padStart(5)} messages/s (steady ${fixed(run.steadyPerSecond)})  CPU per message: ${cpuText(run.cpu)}`;

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
    // autocannon refuses more connections than requests.
    connections: Math.min(16, count),
    amount: count,
    timeout: 30,
  });
  const failures = failuresOf(result, 202);
  if (failures.length > 0) throw new Error(`enqueueing ${count}: ${failures.join('; ')}`);
}

export interface DispatchPair {
  readonly backlog: number;
  readonly setup: FerretDbSetup;
  readonly floor: DispatchRun;
  readonly app: DispatchRun;
}

export async function measureDispatch(
  backlog: number,
  setup: FerretDbSetup,
  appFirst: boolean,
): Promise<DispatchPair> {
  console.log(
    `\n=== dispatch of a backlog of ${fixed(backlog)}, FerretDB (${setup}) on PostgreSQL + Redis ===`,
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
    const postgresUrl = ferret.postgres?.url;
    const messageTables = ['bench_app', 'bench_floor'] as const;
    if (setup === 'with the id index' && postgresUrl) {
      for (const database of messageTables)
        createIdContainmentIndex(postgresUrl, database, 'messages');
      console.log("GIN index on (_jsonb->'_id') of both messages tables (README: FerretDB)");
    }
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
    if (postgresUrl) {
      // Idle backends report their counts within 10 s (PostgreSQL's PGSTAT_IDLE_INTERVAL).
      await sleep(11_000);
      for (const database of messageTables) console.log(scansOf(postgresUrl, database, 'messages'));
    }
    return { backlog, setup, floor: floorRun, app: appRun };
  } finally {
    await Promise.all(started.map((child) => stopChild(child.child)));
    if (infra) {
      await Promise.all([infra.ferret.stop(), infra.redis.stop()]);
      servers.delete(infra.ferret);
      servers.delete(infra.redis);
    }
  }
}
