import { spawnTypeScript, untilReady, type WatchedChild } from './child-process';

export type ServerProcess = WatchedChild;

/** Runs a server entry point (TypeScript, under ts-node) in its own process with exactly `env`. */
export function spawnServer(entry: string, env: Record<string, string>): ServerProcess {
  return spawnTypeScript(entry, env, { keep: 200_000 });
}

async function answersLive(port: number): Promise<boolean> {
  try {
    return (await fetch(`http://127.0.0.1:${port}/api/v1/health/live`)).ok;
  } catch {
    return false;
  }
}

/** Resolves once the server answers /health/live. */
export function waitUntilLive(port: number, server: ServerProcess, ms = 60_000): Promise<void> {
  return untilReady(server, () => answersLive(port), 'the server to answer', ms);
}
