/** The floor bench's settings, read from the environment (see bench/README.md), and its goals. */
import { numberFromEnv } from '../support';

/** FerretDB as it ships, or with the index README advises for FerretDB 1.x on PostgreSQL. */
export type FerretDbSetup = 'as shipped' | 'with the id index';

export const GOALS = {
  /** Accept req/s of the app ÷ baseline (a). */
  acceptRatio: 0.6,
  /** Accept p99 of the app ÷ baseline (a)'s. */
  acceptP99Ratio: 1.5,
  /** Accept req/s with bodies read last ÷ with bodies read first. */
  parsingOrderRatio: 0.95,
  /** Dispatch messages/s of the app ÷ baseline (b), at each backlog. */
  dispatchRatio: 0.5,
  /** Steady dispatch rate at the largest backlog ÷ at the smallest: within 20 % either way. */
  flatRatio: 0.8,
} as const;

export const SMS_BODY = JSON.stringify({ to: '+14155550100', body: 'hi' });
export const FLOOR_KEY = 'floor_0123456789abcdef0123456789abcdef';

const SETUP_NAMES: Readonly<Partial<Record<string, FerretDbSetup>>> = {
  'as-shipped': 'as shipped',
  'id-index': 'with the id index',
};

function ferretDbSetups(list: string): FerretDbSetup[] {
  return list.split(',').map((name) => {
    const setup = SETUP_NAMES[name.trim()];
    if (!setup) throw new Error(`BENCH_FERRETDB=${list}: a list of as-shipped, id-index`);
    return setup;
  });
}

export const options = {
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
  /** FerretDB as it ships, with README's index on `_id` (ferretdb-id-index.ts), or both. */
  ferretDbSetups: ferretDbSetups(process.env.BENCH_FERRETDB ?? 'as-shipped,id-index'),
  dispatchTimeoutSeconds: numberFromEnv('BENCH_DISPATCH_TIMEOUT_SECONDS', 120, true, 1),
};
if (options.backlogs.some((n) => !Number.isInteger(n) || n < 10 || n > 100_000)) {
  throw new Error(`BENCH_BACKLOGS=${process.env.BENCH_BACKLOGS ?? ''}: message counts, 10..100000`);
}
