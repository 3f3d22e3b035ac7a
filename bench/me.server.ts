/**
 * One variant of the app in a process of its own, started by me.bench.ts with
 * `me.server.ts <guarded|open> [principal JSON]`. It reports `ServerReady` over IPC once it
 * listens, and closes the app and exits on `{ type: 'close' }` or when the parent goes away.
 */
import type { ApiKeyPrincipal } from '../src/identity/principal';
import type { GatewaySettings } from '../src/contract/gateway-settings';
import {
  benchSettings,
  buildApp,
  isVariant,
  issueKey,
  listenOnLoopback,
  type Variant,
} from './me.app';
import {
  type BaseParentMessage,
  type ChildCpu,
  type ChildFailed,
  sendToParent,
  serveParent,
} from './support';

export interface ServerReady {
  readonly type: 'ready';
  readonly variant: Variant;
  readonly port: number;
  /** The guarded variant's key for `x-api-key`, and the caller it stands for. */
  readonly key?: string;
  readonly principal?: ApiKeyPrincipal;
}

export type ServerFailed = ChildFailed;

/** The server's own CPU time so far (`process.cpuUsage()`), in microseconds. */
export type ServerCpu = ChildCpu;

export type ServerMessage = ServerReady | ServerFailed | ServerCpu;

export type ParentMessage = BaseParentMessage;

const send = (message: ServerMessage): Promise<void> => sendToParent(message, 'me.server.ts');

async function start(
  variant: Variant,
  settings: GatewaySettings,
  principalJson?: string,
): Promise<void> {
  const principal =
    principalJson === undefined ? undefined : (JSON.parse(principalJson) as ApiKeyPrincipal);
  const app = await buildApp(variant, settings, principal);
  serveParent('me.server.ts', () => app.close());
  const issued = variant === 'guarded' ? await issueKey(app) : undefined;
  const port = await listenOnLoopback(app);
  await send({ type: 'ready', variant, port, ...issued });
}

const [variant, principalJson] = process.argv.slice(2);
if (!isVariant(variant)) {
  console.error(`usage: me.server.ts <guarded|open> [principal JSON], not ${variant}`);
  process.exit(2);
}
start(variant, benchSettings(), principalJson).catch(async (error: unknown) => {
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  await send({ type: 'failed', message }).catch(() => undefined);
  process.exit(1);
});
