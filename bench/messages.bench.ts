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
import { mkdirSync } from 'node:fs';
import { type AcceptResult, measureAccept } from './messages/accept';
import { type DispatchResult, measureDispatch } from './messages/dispatch';
import { budgetMs, readOptions } from './messages/options';
import { codeFingerprint, printReport } from './messages/report';
import { killEverything } from './messages/servers';
import { waitForQuietMachine, watchForTestRuns } from './support';

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
