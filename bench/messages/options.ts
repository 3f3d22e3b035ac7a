/** The bench's settings, read from the environment (see bench/README.md), and its targets. */
import { resolve } from 'node:path';
import { numberFromEnv, SHUTDOWN_TIMEOUT_MS, STARTUP_TIMEOUT_MS } from '../support';

export type Mode = 'embedded' | 'ferretdb';
const MODES: readonly Mode[] = ['embedded', 'ferretdb'];
export const MODE_LABEL: Record<Mode, string> = {
  embedded: 'embedded',
  ferretdb: 'FerretDB+Redis',
};

export type Endpoint = 'me' | 'sms';

/** Targets from the brief: reported as met or missed, never an exit code. */
export const TARGETS = {
  /** sms req/s ÷ /me req/s on the embedded server. */
  acceptRatio: 0.5,
  /** p99 of the accept route at the default 50 connections, ms. */
  acceptP99Ms: 25,
  /** End-to-end dispatch with FerretDB + Redis, messages/s. */
  dispatchPerSecond: 1000,
} as const;

export const SMS_BODY = JSON.stringify({ to: '+14155550100', body: 'hi' });

export interface Options {
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

export function readOptions(): Options {
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

export function budgetMs(options: Options): number {
  const perAccept =
    STARTUP_TIMEOUT_MS +
    SHUTDOWN_TIMEOUT_MS +
    (options.warmupSeconds * 2 + options.seconds * (options.rounds * 2 + 1) + 60) * 1000;
  const dispatchRuns = options.modes.reduce((sum, mode) => sum + options.dispatch[mode].length, 0);
  const perDispatch =
    STARTUP_TIMEOUT_MS + SHUTDOWN_TIMEOUT_MS + (options.dispatchTimeoutSeconds + 180) * 1000;
  return (options.accept ? options.modes.length * perAccept : 0) + dispatchRuns * perDispatch;
}
