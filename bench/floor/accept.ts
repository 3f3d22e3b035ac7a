/**
 * Phase 1, accept (embedded): the app, the app with every body read first, and baseline (a), a
 * bare NestJS app, in alternating rounds.
 */
import type { ChildProcess } from 'node:child_process';
import autocannon from 'autocannon';
import { childCpu, failuresOf, fixed, stopChild } from '../support';
import type { FloorReady } from './accept-floor.server';
import { FLOOR_KEY, options, SMS_BODY } from './options';
import { fork, startApp } from './processes';

interface Target {
  readonly label: string;
  readonly child: ChildProcess;
  readonly url: string;
  readonly key: string;
}

export interface Load {
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

export const loadLine = (label: string, run: Load): string =>
  `${label.padEnd(22)} ${fixed(run.requests / run.seconds).padStart(6)} req/s  p50 ${fixed(run.p50, 1).padStart(5)} ms  ` +
  `p99 ${fixed(run.p99, 1).padStart(5)} ms  node ${fixed(run.cpuUs / run.requests).padStart(4)} µs CPU/req`;

/** A variant over all rounds: req/s and CPU over all, mean p50/p99, and the median round's CPU. */
export interface Total extends Load {
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

export type AcceptTotals = Readonly<Record<'floor' | 'app' | 'bodyFirst', Total>>;

export async function measureAccept(): Promise<AcceptTotals> {
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
