/** What a measurement costs in CPU: the server, this process (the client), FerretDB and redis. */
import { childCpu, fixed, procCpu } from '../support';
import type { Infra, Server } from './servers';

interface CpuSnapshot {
  readonly at: bigint;
  readonly server: number;
  readonly client: number;
  readonly ferret?: number;
  readonly redis?: number;
}

export async function snapshot(server: Server, infra?: Infra): Promise<CpuSnapshot> {
  const usage = process.cpuUsage();
  return {
    at: process.hrtime.bigint(),
    server: await childCpu(server.child),
    client: usage.user + usage.system,
    ...(infra ? { ferret: procCpu(infra.ferret.pid), redis: procCpu(infra.redis.pid) } : {}),
  };
}

/** CPU used between two snapshots, in µs, and the wall time between them. */
export interface CpuUse {
  readonly wallUs: number;
  readonly server: number;
  readonly client: number;
  readonly ferret?: number;
  readonly redis?: number;
}

export function cpuBetween(before: CpuSnapshot, after: CpuSnapshot): CpuUse {
  return {
    wallUs: Number(after.at - before.at) / 1000,
    server: after.server - before.server,
    client: after.client - before.client,
    ...(before.ferret !== undefined && after.ferret !== undefined
      ? { ferret: after.ferret - before.ferret }
      : {}),
    ...(before.redis !== undefined && after.redis !== undefined
      ? { redis: after.redis - before.redis }
      : {}),
  };
}

const share = (us: number | undefined, wallUs: number): string =>
  us === undefined ? '' : `${fixed((us / wallUs) * 100).padStart(3)}%`;

export function cpuLine(use: CpuUse): string {
  return [
    `node ${share(use.server, use.wallUs)}`,
    ...(use.ferret === undefined ? [] : [`ferretdb ${share(use.ferret, use.wallUs)}`]),
    ...(use.redis === undefined ? [] : [`redis ${share(use.redis, use.wallUs)}`]),
    `client ${share(use.client, use.wallUs)}`,
  ].join(' ');
}

export const perRequest = (us: number | undefined, requests: number): string =>
  us === undefined ? '' : `${fixed(us / requests).padStart(4)} µs`;
