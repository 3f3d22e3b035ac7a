import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

export interface ServerProcess {
  readonly child: ChildProcess;
  readonly output: () => string;
  readonly exited: Promise<number | null>;
}

/** Runs a server entry point (TypeScript, under ts-node) in its own process with exactly `env`. */
export function spawnServer(entry: string, env: Record<string, string>): ServerProcess {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', entry], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-200_000);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      resolve(code);
    });
  });
  return { child, output: () => output, exited };
}

export async function waitFor(
  predicate: () => boolean | Promise<boolean>,
  ms: number,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Resolves once the server answers /health/live. */
export async function waitUntilLive(
  port: number,
  server: ServerProcess,
  ms = 60_000,
): Promise<void> {
  await waitFor(
    async () => {
      if (server.child.exitCode !== null)
        throw new Error(`server exited early:\n${server.output().slice(-3000)}`);
      try {
        return (await fetch(`http://127.0.0.1:${port}/api/v1/health/live`)).ok;
      } catch {
        return false;
      }
    },
    ms,
    'the server to answer',
  );
}
