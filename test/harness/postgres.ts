import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnWatched, stopChild, type WatchOptions } from '../support/child-process';

/** Who runs PostgreSQL when the tests run as root (it refuses root); Debian's package makes it. */
const SERVER_USER = 'postgres';
const INSTALL_HINT = 'run `bash scripts/install-test-servers.sh` (Debian package `postgresql`)';

/** The user and group the cluster runs as: `postgres` for root, else whoever runs the tests. */
export interface ClusterOwner {
  readonly uid?: number;
  readonly gid?: number;
}

function clusterOwner(): ClusterOwner {
  if (process.getuid?.() !== 0) return {};
  try {
    const id = (flag: string): number =>
      Number(execFileSync('id', [flag, SERVER_USER], { encoding: 'utf8' }).trim());
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    throw new Error(
      `PostgreSQL refuses to run as root and there is no user ${SERVER_USER}: ${INSTALL_HINT}.`,
    );
  }
}

/**
 * The folder of PostgreSQL's server programs: POSTGRES_BIN, the folder of `initdb` on PATH, or
 * Debian's `/usr/lib/postgresql/<version>/bin` (the newest), which is not on PATH.
 */
export function findPostgresBin(): string {
  const fromPath = (process.env.PATH ?? '')
    .split(':')
    .filter((dir) => dir !== '')
    .find((dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'postgres')));
  const debian = '/usr/lib/postgresql';
  const versions = existsSync(debian)
    ? readdirSync(debian)
        .filter((name) => /^\d+$/.test(name))
        .sort((a, b) => Number(b) - Number(a))
        .map((version) => join(debian, version, 'bin'))
    : [];
  const found = [process.env.POSTGRES_BIN, fromPath, ...versions].find(
    (dir): dir is string => dir !== undefined && existsSync(join(dir, 'initdb')),
  );
  if (!found) throw new Error(`PostgreSQL's initdb was not found: ${INSTALL_HINT}.`);
  return found;
}

/** A throw-away cluster: its folder, and how to start programs in it as its owner. */
export interface Cluster {
  readonly bin: string;
  readonly dir: string;
  readonly data: string;
  readonly owner: ClusterOwner;
  /** Spawn options for the cluster's programs: its owner, its folder, a minimal environment. */
  readonly spawnOptions: WatchOptions;
  remove(): void;
}

/**
 * `initdb` in a new temporary folder owned by the cluster's user: trust authentication on
 * loopback only, nothing synced to disk (the data is gone after the run anyway).
 */
export function initCluster(): Cluster {
  const bin = findPostgresBin();
  const owner = clusterOwner();
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-postgres-'));
  if (owner.uid !== undefined && owner.gid !== undefined) chownSync(dir, owner.uid, owner.gid);
  const data = join(dir, 'data');
  const spawnOptions: WatchOptions = {
    ...owner,
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', LANG: 'C', LC_ALL: 'C' },
  };
  try {
    execFileSync(
      join(bin, 'initdb'),
      ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C'],
      { ...spawnOptions, stdio: ['ignore', 'pipe', 'pipe'] },
    );
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    const output = (error as { stderr?: Buffer }).stderr?.toString() ?? String(error);
    throw new Error(`initdb failed: ${output}\n${INSTALL_HINT}`);
  }
  return {
    bin,
    dir,
    data,
    owner,
    spawnOptions,
    remove: () => {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The cluster's server on a loopback port, its socket in the cluster's folder; fsync and
 * synchronous commits off, as for any test database.
 */
export function spawnPostgres(cluster: Cluster, port: number) {
  return spawnWatched(
    join(cluster.bin, 'postgres'),
    [
      '-D',
      cluster.data,
      '-p',
      String(port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      `unix_socket_directories=${cluster.dir}`,
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
    ],
    cluster.spawnOptions,
  );
}

/** Fast shutdown (SIGINT: open sessions are ended), then the folder goes. */
export async function stopPostgres(
  server: ReturnType<typeof spawnPostgres>,
  cluster: Cluster,
): Promise<void> {
  await stopChild(server.child, 'SIGINT');
  cluster.remove();
}
