import { type ChildProcess, spawn, type StdioOptions } from 'node:child_process';
import { join } from 'node:path';
import { until } from './polling';

/** The repository root, where TypeScript entry points run from. */
const ROOT = join(__dirname, '..', '..');
const STOP_GRACE_MS = 5_000;
/** How much of a child's output a failure message quotes. */
const QUOTED_OUTPUT = 4_000;

/** A child process, with the tail of what it printed kept for failure messages. */
export interface WatchedChild {
  readonly child: ChildProcess;
  output(): string;
  /** Resolves with the exit code once the process has exited. */
  readonly exited: Promise<number | null>;
  /** Why the process is gone (exited, or could not be started), or undefined while it runs. */
  gone(): string | undefined;
}

export interface WatchOptions {
  /** Exactly the environment the child gets; this process's own when absent. */
  readonly env?: Record<string, string>;
  readonly cwd?: string;
  /** How many characters of output to keep. */
  readonly keep?: number;
  /** Opens an IPC channel to the child. */
  readonly ipc?: boolean;
  /** Runs the child as this user and group (a server that refuses to run as root). */
  readonly uid?: number;
  readonly gid?: number;
}

export function spawnWatched(
  command: string,
  args: readonly string[],
  options: WatchOptions = {},
): WatchedChild {
  const stdio: StdioOptions = ['ignore', 'pipe', 'pipe', ...(options.ipc ? ['ipc' as const] : [])];
  const { cwd, env, uid, gid } = options;
  const child = spawn(command, args, { cwd, env, stdio, uid, gid });
  let output = '';
  const keep = options.keep ?? 4_000;
  const collect = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-keep);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  let failure: string | undefined;
  child.once('error', (error) => {
    failure = `could not be started (${error.message})`;
  });
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      resolve(code);
    });
  });
  const gone = (): string | undefined => {
    if (failure !== undefined) return failure;
    if (child.exitCode !== null) return `exited with code ${child.exitCode}`;
    return child.signalCode === null ? undefined : `was killed by ${child.signalCode}`;
  };
  return { child, output: () => output, exited, gone };
}

/** Runs a TypeScript entry point under ts-node, from the repository root, with exactly `env`. */
export function spawnTypeScript(
  entry: string,
  env: Record<string, string>,
  options: Pick<WatchOptions, 'keep' | 'ipc'> = {},
): WatchedChild {
  return spawnWatched(process.execPath, ['-r', 'ts-node/register/transpile-only', entry], {
    ...options,
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
  });
}

/** Asks a child to stop (SIGTERM), insists (SIGKILL) after a grace period, and waits for it. */
export function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  const running = child.pid !== undefined && child.exitCode === null && child.signalCode === null;
  if (!running) return Promise.resolve();
  return new Promise((done) => {
    const force = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    child.once('exit', () => {
      clearTimeout(force);
      done();
    });
    child.kill(signal);
  });
}

/**
 * Waits until `ready` holds for a child that is starting up. If the child goes away first or the
 * wait times out, stops it and fails with what it printed.
 */
export async function untilReady(
  watched: WatchedChild,
  ready: () => boolean | Promise<boolean>,
  what: string,
  ms: number,
): Promise<void> {
  try {
    await until(
      () => {
        const gone = watched.gone();
        if (gone !== undefined) throw new Error(`the process ${gone} while waiting for ${what}`);
        return ready();
      },
      what,
      ms,
    );
  } catch (error) {
    await stopChild(watched.child);
    throw new Error(`${(error as Error).message}:\n${watched.output().slice(-QUOTED_OUTPUT)}`);
  }
}
