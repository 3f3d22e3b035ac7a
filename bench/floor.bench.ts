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
 *    concurrency on the same servers; for N = 400 and 1,600, on FerretDB as it ships and with the
 *    index README advises for FerretDB 1.x on PostgreSQL (a GIN index on `_id` of the messages
 *    tables, which serves FerretDB's look-ups by `_id`).
 *
 * CPU per request and per message of every process is reported beside the rates. Goals missed
 * are reported, not failed: the exit code is 1 only when a run errors.
 */
import { measureAccept } from './floor/accept';
import { type DispatchPair, measureDispatch } from './floor/dispatch';
import { options } from './floor/options';
import { killEverything } from './floor/processes';
import { report } from './floor/report';
import { watchForTestRuns } from './support';

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
    let appFirst = false;
    for (const setup of options.ferretDbSetups) {
      for (const backlog of options.backlogs) {
        pairs.push(await measureDispatch(backlog, setup, appFirst));
        appFirst = !appFirst;
      }
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
