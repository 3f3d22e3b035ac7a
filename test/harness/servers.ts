import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

/** A server process the harness started, and how to reach it. */
export interface RunningServer {
  readonly url: string;
  readonly pid: number;
  stop(): Promise<void>;
}

const INSTALL_HINT = 'run `bash scripts/install-test-servers.sh`';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => {
        resolve(port);
      });
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => {
      socket.destroy();
      resolve(false);
    });
    socket.connect(port, '127.0.0.1');
  });
}

async function waitForPort(
  name: string,
  port: number,
  child: ChildProcess,
  output: () => string,
): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`${name} exited with ${child.exitCode} before listening:\n${output()}`);
    }
    if (await accepts(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${name} did not listen on 127.0.0.1:${port} within 30 s:\n${output()}`);
}

function stopper(child: ChildProcess, cleanup: () => void): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      const done = (): void => {
        cleanup();
        resolve();
      };
      if (child.exitCode !== null || child.signalCode !== null) {
        done();
        return;
      }
      const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
      child.once('exit', () => {
        clearTimeout(force);
        done();
      });
      child.kill('SIGTERM');
    });
}

async function launch(
  name: string,
  binary: string,
  args: string[],
  port: number,
  cleanup: () => void,
): Promise<{ child: ChildProcess; stop: () => Promise<void> }> {
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const failedToSpawn = new Promise<never>((_, reject) => {
    child.once('error', (error) => {
      reject(new Error(`${name} could not be started (${error.message}): ${INSTALL_HINT}`));
    });
  });
  await Promise.race([waitForPort(name, port, child, () => output), failedToSpawn]);
  return { child, stop: stopper(child, cleanup) };
}

function goBin(): string | undefined {
  try {
    return join(execFileSync('go', ['env', 'GOPATH'], { encoding: 'utf8' }).trim(), 'bin');
  } catch {
    return undefined;
  }
}

/** FerretDB from FERRETDB_BIN, PATH, or Go's bin folder. */
export function findFerretDb(): string {
  const candidates = [
    process.env.FERRETDB_BIN,
    ...(process.env.PATH ?? '').split(':').map((dir) => join(dir, 'ferretdb')),
    goBin() && join(goBin() ?? '', 'ferretdb'),
    join(homedir(), 'go', 'bin', 'ferretdb'),
  ].filter((path): path is string => typeof path === 'string' && path !== '');
  const found = candidates.find((path) => existsSync(path));
  if (!found) {
    throw new Error(
      `FerretDB 1.24.2 was not found: ${INSTALL_HINT}, set FERRETDB_BIN, or set MONGODB_URI to a MongoDB server.`,
    );
  }
  return found;
}

/** FerretDB 1.24 on SQLite in a temporary state folder, on a free loopback port. */
export async function startFerretDb(): Promise<RunningServer> {
  const binary = findFerretDb();
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-ferretdb-'));
  const port = await freePort();
  const { child, stop } = await launch(
    'FerretDB',
    binary,
    [
      '--handler=sqlite',
      `--sqlite-url=file:${dir}/`,
      `--state-dir=${dir}`,
      `--listen-addr=127.0.0.1:${port}`,
      '--debug-addr=-',
      '--telemetry=disable',
      '--log-level=error',
    ],
    port,
    () => {
      rmSync(dir, { recursive: true, force: true });
    },
  );
  return { url: `mongodb://127.0.0.1:${port}/`, pid: child.pid ?? 0, stop };
}

/** redis-server on a free loopback port, nothing written to disk. */
export async function startRedis(): Promise<RunningServer> {
  const port = await freePort();
  const { child, stop } = await launch(
    'redis-server',
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    port,
    () => undefined,
  );
  return { url: `redis://127.0.0.1:${port}`, pid: child.pid ?? 0, stop };
}
