import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnWatched, stopChild, untilReady, type WatchedChild } from '../support/child-process';
import { initCluster, spawnPostgres, stopPostgres } from './postgres';

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
  return untilListening(name, spawnWatched(binary, args), port);
}

async function untilListening(
  name: string,
  server: WatchedChild,
  port: number,
): Promise<WatchedChild> {
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

/** FerretDB's storage: PostgreSQL (the default), or SQLite files where a suite needs them. */
export type FerretDbHandler = 'postgresql' | 'sqlite';

/** FerretDB, and the PostgreSQL server under it when there is one. */
export interface RunningFerretDb extends RunningServer {
  readonly handler: FerretDbHandler;
  /** The postmaster; its backends are its children. */
  readonly postgres?: RunningServer;
}

/** Stops once, however often it is asked. */
function once(stop: () => Promise<void>): () => Promise<void> {
  let stopping: Promise<void> | undefined;
  return () => (stopping ??= stop());
}

/** A temporary PostgreSQL cluster on a free loopback port (see postgres.ts). */
async function startPostgres(): Promise<RunningServer> {
  const cluster = initCluster();
  const port = await freePort();
  let server: WatchedChild;
  try {
    server = await untilListening('PostgreSQL', spawnPostgres(cluster, port), port);
  } catch (error) {
    cluster.remove();
    throw error;
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    pid: server.child.pid ?? 0,
    stop: once(() => stopPostgres(server, cluster)),
  };
}

function ferretDbArgs(handler: FerretDbHandler, dir: string, storageUrl: string): string[] {
  return [
    `--handler=${handler}`,
    handler === 'postgresql' ? `--postgresql-url=${storageUrl}` : `--sqlite-url=${storageUrl}`,
    `--state-dir=${dir}`,
    '--debug-addr=-',
    '--telemetry=disable',
    '--log-level=error',
  ];
}

/**
 * FerretDB 1.24 on a free loopback port, its state in a temporary folder: on a PostgreSQL
 * cluster of its own by default, or on SQLite files in that folder.
 */
export async function startFerretDb(
  handler: FerretDbHandler = 'postgresql',
): Promise<RunningFerretDb> {
  const binary = findFerretDb();
  const postgres = handler === 'postgresql' ? await startPostgres() : undefined;
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-ferretdb-'));
  const removeAll = async (): Promise<void> => {
    rmSync(dir, { recursive: true, force: true });
    await postgres?.stop();
  };
  const port = await freePort();
  let child: WatchedChild['child'];
  try {
    ({ child } = await launch(
      'FerretDB',
      binary,
      [
        ...ferretDbArgs(handler, dir, postgres?.url ?? `file:${dir}/`),
        `--listen-addr=127.0.0.1:${port}`,
      ],
      port,
    ));
  } catch (error) {
    await removeAll();
    throw error;
  }
  const stop = once(async () => {
    await stopChild(child);
    await removeAll();
  });
  return {
    url: `mongodb://127.0.0.1:${port}/`,
    pid: child.pid ?? 0,
    handler,
    ...(postgres ? { postgres } : {}),
    stop,
  };
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
