/** Every child and server the floor bench starts, so that all can be stopped. */
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { RunningServer } from '../../test/harness/servers';
import type { MessagesServerReady, ServerConfig } from '../messages.server';
import { type Child, forkChild } from '../support';
import { killAll } from '../kill-all';
import { options } from './options';

const children = new Set<ChildProcess>();
export const servers = new Set<RunningServer>();

export function killEverything(): void {
  killAll(children, servers);
}

export async function fork<Ready extends { readonly type: 'ready' }>(
  script: string,
  label: string,
  args: readonly string[],
): Promise<Child<Ready>> {
  const child = await forkChild<Ready>(join(__dirname, '..', script), label, { args });
  children.add(child.child);
  child.child.once('exit', () => children.delete(child.child));
  return child;
}

/** The app as `messages.server.ts` runs it, with V8's stack formatter as `node dist/main.js`. */
export const startApp = (
  label: string,
  config: ServerConfig,
): Promise<Child<MessagesServerReady>> =>
  fork<MessagesServerReady>('messages.server.ts', label, [
    JSON.stringify({
      ...config,
      dispatchConcurrency: options.concurrency,
      sourceMappedStacks: false,
    } satisfies ServerConfig),
  ]);
