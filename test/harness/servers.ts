import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnWatched, stopChild, untilReady, type WatchedChild } from '../support/child-process';

/** A server process the harness started, and how to reach it. */
export interface RunningServer {
  readonly url: string;
  readonly pid: number;
  stop(): Promise<void>;
}

const INSTALL_HINT = 'run `bash scripts/install-test-servers.sh`';
const START_MS = 30_000;

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

async function launch(
  name: string,
  binary: string,
  args: string[],
  port: number,
): Promise<WatchedChild> {
  const server = spawnWatched(binary, args);
  try {
    await untilReady(
      server,
      () => accepts(port),
      `${name} to listen on 127.0.0.1:${port}`,
      START_MS,
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${name}: ${INSTALL_HINT}`);
  }
  return server;
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
  const { child } = await launch(
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
  );
  const stop = async (): Promise<void> => {
    await stopChild(child);
    rmSync(dir, { recursive: true, force: true });
  };
  return { url: `mongodb://127.0.0.1:${port}/`, pid: child.pid ?? 0, stop };
}

/** redis-server on a free loopback port, nothing written to disk. */
export async function startRedis(): Promise<RunningServer> {
  const port = await freePort();
  const { child } = await launch(
    'redis-server',
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    port,
  );
  return { url: `redis://127.0.0.1:${port}`, pid: child.pid ?? 0, stop: () => stopChild(child) };
}
