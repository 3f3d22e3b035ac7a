/** The servers a phase measures: FerretDB + Redis and the app in a child, and how they stop. */
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { type RunningServer, startFerretDb, startRedis } from '../../test/harness/servers';
import type { MessagesServerReady, ServerConfig } from '../messages.server';
import { type Child, forkChild, stopChild } from '../support';
import { killAll } from '../kill-all';
import { type Options } from './options';

// ---------------------------------------------------------------------------------------------
// Everything started, so that it can all be stopped (also by the watchdog or a signal).

export const children = new Set<ChildProcess>();
const infrastructure = new Set<RunningServer>();

export function killEverything(): void {
  killAll(children, infrastructure);
}

export interface Infra {
  readonly ferret: RunningServer;
  readonly redis: RunningServer;
}

export async function startInfra(database: string): Promise<Infra & { config: ServerConfig }> {
  const ferret = await startFerretDb();
  infrastructure.add(ferret);
  const redis = await startRedis();
  infrastructure.add(redis);
  return { ferret, redis, config: { mongodbUri: `${ferret.url}${database}`, redisUrl: redis.url } };
}

export async function stopInfra(infra: Infra | undefined): Promise<void> {
  if (!infra) return;
  await Promise.all([infra.ferret.stop(), infra.redis.stop()]);
  infrastructure.delete(infra.ferret);
  infrastructure.delete(infra.redis);
}

export type Server = Child<MessagesServerReady>;

export async function startServer(
  label: string,
  config: ServerConfig,
  options: Options,
): Promise<Server> {
  const server = await forkChild<MessagesServerReady>(
    join(__dirname, '..', 'messages.server.ts'),
    label,
    {
      args: [
        JSON.stringify({
          ...config,
          ...(options.dispatchConcurrency === undefined
            ? {}
            : { dispatchConcurrency: options.dispatchConcurrency }),
          sourceMappedStacks: options.sourceMappedStacks,
        } satisfies ServerConfig),
      ],
    },
  );
  children.add(server.child);
  server.child.once('exit', () => children.delete(server.child));
  return server;
}

export async function stopServer(server: Server | undefined): Promise<void> {
  if (!server) return;
  await stopChild(server.child);
  children.delete(server.child);
}
