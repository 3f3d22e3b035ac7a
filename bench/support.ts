/**
 * What the benchmarks share: reading options from the environment, forking a server child (under
 * ts-node) and talking to it over IPC, CPU accounting, autocannon result checks and formatting.
 * Nothing here loads the application: the driver processes import this, and so do the children.
 */
import { type ChildProcess, execFileSync, fork } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type autocannon from 'autocannon';

export const STARTUP_TIMEOUT_MS = 60_000;
export const SHUTDOWN_TIMEOUT_MS = 10_000;
const REPLY_TIMEOUT_MS = 30_000;

/** A number from the environment, or `fallback` when unset; throws when it is not valid. */
export function numberFromEnv(
  name: string,
  fallback: number,
  integer: boolean,
  min: number,
): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || (integer && !Number.isInteger(value))) {
    throw new Error(`${name}=${raw}: expected ${integer ? 'an integer' : 'a number'} >= ${min}`);
  }
  return value;
}

export const fixed = (value: number, digits = 0): string =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

// ---------------------------------------------------------------------------------------------
// The IPC protocol every server child speaks: it reports `ready` (or `failed`) once, answers
// `cpu` with its own CPU time, and closes its app and exits on `close` or when the parent goes.

/** The server could not start. */
export interface ChildFailed {
  readonly type: 'failed';
  readonly message: string;
}

/** The server's own CPU time so far (`process.cpuUsage()`), in microseconds. */
export interface ChildCpu {
  readonly type: 'cpu';
  readonly user: number;
  readonly system: number;
}

export type BaseParentMessage = { readonly type: 'close' } | { readonly type: 'cpu' };

interface Typed {
  readonly type: string;
}

/** A message to a child: a type, and whatever that type carries. */
export interface Request extends Typed {
  readonly [field: string]: unknown;
}

const isTyped = (value: unknown): value is Typed =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as { type?: unknown }).type === 'string';

/** A forked server and what it said when it was ready. */
export interface Child<Ready> {
  readonly label: string;
  readonly child: ChildProcess;
  readonly ready: Ready;
}

export interface ForkOptions {
  readonly args?: readonly string[];
  /** Extra node flags, e.g. `--cpu-prof`. */
  readonly execArgv?: readonly string[];
}

/** Forks `script` under ts-node (like the drivers) and waits until it reports `ready`. */
export function forkChild<Ready extends { readonly type: 'ready' }>(
  script: string,
  label: string,
  options: ForkOptions = {},
): Promise<Child<Ready>> {
  const child = fork(script, [...(options.args ?? [])], {
    execArgv: ['--require', 'ts-node/register/transpile-only', ...(options.execArgv ?? [])],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the ${label} server did not start within ${STARTUP_TIMEOUT_MS} ms`));
    }, STARTUP_TIMEOUT_MS);
    const settle = (error?: Error, ready?: Ready): void => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (ready) resolve({ label, child, ready });
      else reject(error ?? new Error(`the ${label} server failed`));
    };
    const onMessage = (message: unknown): void => {
      if (!isTyped(message)) return;
      if (message.type === 'ready') settle(undefined, message as Ready);
      else if (message.type === 'failed') {
        settle(
          new Error(`the ${label} server failed to start:\n${(message as ChildFailed).message}`),
        );
      }
    };
    const onExit = (code: number | null): void => {
      settle(new Error(`the ${label} server exited (code ${String(code)}) before listening`));
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/** Asks the server to close its app and exit; kills it if it does not within the timeout. */
export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), SHUTDOWN_TIMEOUT_MS);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    if (child.connected) child.send({ type: 'close' } satisfies BaseParentMessage);
    else child.kill('SIGTERM');
  });
}

/**
 * Sends `request` and resolves with the first message of type `replyType` that comes back;
 * rejects when the child reports `failed` instead.
 */
export function ask<Reply extends Typed>(
  child: ChildProcess,
  request: Request,
  replyType: Reply['type'],
  timeoutMs = REPLY_TIMEOUT_MS,
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.off('message', onMessage);
      reject(new Error(`no ${replyType} answer to ${request.type} within ${timeoutMs} ms`));
    }, timeoutMs);
    const onMessage = (message: unknown): void => {
      if (!isTyped(message)) return;
      if (message.type === 'failed') {
        clearTimeout(timer);
        child.off('message', onMessage);
        reject(new Error(`${request.type} failed:\n${(message as ChildFailed).message}`));
        return;
      }
      if (message.type !== replyType) return;
      clearTimeout(timer);
      child.off('message', onMessage);
      resolve(message as Reply);
    };
    child.on('message', onMessage);
    child.send(request, (error: Error | null) => {
      if (!error) return;
      clearTimeout(timer);
      child.off('message', onMessage);
      reject(error);
    });
  });
}

/** The server's CPU time so far, in microseconds. */
export async function childCpu(child: ChildProcess): Promise<number> {
  const cpu = await ask<ChildCpu>(child, { type: 'cpu' }, 'cpu');
  return cpu.user + cpu.system;
}

/** Child side: sends one message to the parent. */
export function sendToParent(message: Typed, script: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!process.send) {
      reject(new Error(`${script} runs as a child of its benchmark (no IPC channel)`));
      return;
    }
    process.send(message, undefined, undefined, (error: Error | null) => {
      if (error) reject(error);
      else resolve();
    });
  });
}

// ---------------------------------------------------------------------------------------------
// CPU time of processes the bench did not fork itself (FerretDB, redis-server), from /proc.

let clockTicks: number | undefined;

function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/** User + system CPU time of a process so far, in microseconds (Linux `/proc/<pid>/stat`). */
export function procCpu(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may contain spaces: state is
  // field 3, utime field 14, stime field 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks / ticksPerSecond()) * 1e6;
}

// ---------------------------------------------------------------------------------------------
// autocannon results

/** Everything but 2xx: non-2xx answers, connection errors, timeouts, body mismatches. */
export function failuresOf(result: autocannon.Result, expectedStatus?: number): string[] {
  const failures: string[] = [];
  if (result.non2xx > 0) {
    const codes = Object.entries(result.statusCodeStats ?? {})
      .filter(([code]) => !code.startsWith('2'))
      .map(([code, stats]) => `${code} x${String(stats.count ?? 0)}`);
    failures.push(`${result.non2xx} non-2xx answers (${codes.join(', ')})`);
  }
  if (expectedStatus !== undefined) {
    const others = Object.entries(result.statusCodeStats ?? {})
      .filter(([code]) => code.startsWith('2') && Number(code) !== expectedStatus)
      .map(([code, stats]) => `${code} x${String(stats.count ?? 0)}`);
    if (others.length > 0) failures.push(`2xx other than ${expectedStatus}: ${others.join(', ')}`);
  }
  if (result.errors > 0) failures.push(`${result.errors} connection errors`);
  if (result.timeouts > 0) failures.push(`${result.timeouts} timeouts`);
  if (result.mismatches > 0) failures.push(`${result.mismatches} mismatched bodies`);
  if (result.requests.total === 0) failures.push('no request completed');
  return failures;
}

// ---------------------------------------------------------------------------------------------
// Waiting for a quiet machine

function otherTestRuns(): string[] {
  try {
    return execFileSync('pgrep', ['-fa', 'jest'], { encoding: 'utf8' })
      .split('\n')
      .filter((line) => line.trim() !== '');
  } catch {
    return []; // pgrep exits with 1 when nothing matches
  }
}

/** Waits (polling every 10 s) until no jest run is active; false when it gave up. */
export async function waitForQuietMachine(seconds: number): Promise<boolean> {
  const deadline = Date.now() + seconds * 1000;
  let running = otherTestRuns();
  if (running.length === 0) return true;
  console.log(`waiting up to ${seconds} s for other test runs to end:\n  ${running.join('\n  ')}`);
  while (running.length > 0 && Date.now() < deadline) {
    await sleep(10_000);
    running = otherTestRuns();
  }
  if (running.length > 0) {
    console.log('WARNING: other test runs are still active: the figures below are distorted');
    return false;
  }
  console.log('no other test run is active');
  return true;
}

/** Notes, every 5 s until `stop()`, any jest run that starts while measuring. */
export function watchForTestRuns(): { stop(): string[] } {
  const seen = new Set<string>();
  const timer = setInterval(() => {
    for (const line of otherTestRuns()) seen.add(line);
  }, 5_000);
  timer.unref();
  return {
    stop: () => {
      clearInterval(timer);
      return [...seen];
    },
  };
}

/**
 * CPU time of a process and of its children, in microseconds: live children from /proc, those
 * it has already waited for from its own `cutime`/`cstime` (PostgreSQL's postmaster and its
 * backends, one per connection).
 */
export function treeCpu(pid: number): number {
  const fieldsOf = (id: string): string[] => {
    const stat = readFileSync(`/proc/${id}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  };
  const own = fieldsOf(String(pid));
  // After the command name: ppid is field 4, utime..cstime fields 14-17.
  let ticks = Number(own[11]) + Number(own[12]) + Number(own[13]) + Number(own[14]);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || entry === String(pid)) continue;
    try {
      const fields = fieldsOf(entry);
      if (Number(fields[1]) === pid) ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // gone meanwhile
    }
  }
  return (ticks / ticksPerSecond()) * 1e6;
}

/** Child side: reports an error to the parent as `failed` (its stack when it has one). */
export function reportFailure(script: string): (error: unknown) => void {
  return (error) => {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    const failed: ChildFailed = { type: 'failed', message };
    void sendToParent(failed, script).catch(() => undefined);
  };
}

/**
 * Child side of the base protocol: answers `cpu`; on `close`, or when the parent goes away,
 * runs `close` once and exits. Every other message goes to `other`.
 */
export function serveParent(
  script: string,
  close: () => Promise<void>,
  other: (message: Request) => void = () => undefined,
): void {
  let closing = false;
  const exit = (): void => {
    if (closing) return;
    closing = true;
    void close().finally(() => process.exit(0));
  };
  process.on('message', (message: Request) => {
    if (message.type === 'close') exit();
    else if (message.type === 'cpu')
      void sendToParent({ type: 'cpu', ...process.cpuUsage() }, script);
    else other(message);
  });
  process.on('disconnect', exit);
}
