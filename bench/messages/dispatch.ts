/** Phase 2, dispatch: a paused backlog sent by the dispatcher, timed until all are DELIVERED. */
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import type { DeliveryMarks, DispatchStarted, Progress, ServerConfig } from '../messages.server';
import { ask, failuresOf, fixed } from '../support';
import { cpuBetween, cpuLine, type CpuUse, perRequest, snapshot } from './cpu';
import { perfAvailable, perfRecord, perfReport, profileStart, profileStop } from './profiling';
import { type Mode, MODE_LABEL, type Options, SMS_BODY } from './options';
import { base, countWithStatus } from './api';
import { type Infra, type Server, startInfra, startServer, stopInfra, stopServer } from './servers';

export interface DispatchResult {
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

export async function measureDispatch(
  mode: Mode,
  count: number,
  options: Options,
): Promise<DispatchResult> {
  console.log(`\n=== dispatch, ${MODE_LABEL[mode]}, ${fixed(count)} messages ===`);
  let infra: (Infra & { config: ServerConfig }) | undefined;
  let server: Server | undefined;
  let perf: ReturnType<typeof perfRecord>;
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
