/**
 * The app on the embedded default in a process of its own, for streams.bench.ts: it holds the
 * live inbox streams the driver opens, reports its memory and open streams, and delivers
 * notifications to the streams' users on request. Run with --expose-gc, so that memory is read
 * after a full collection.
 */
import { randomUUID } from 'node:crypto';
import { InboxDelivery } from '../src/channels/inapp/inbox.provider';
import { InboxStreams } from '../src/channels/inapp/inbox-stream';
import { benchSettings, buildApp, issueKey, listenOnLoopback } from './me.app';
import { type ChildCpu, type ChildFailed, sendToParent, serveParent } from './support';

export interface StreamsServerReady {
  readonly type: 'ready';
  readonly port: number;
  readonly key: string;
}

/** Memory after a full collection, in bytes, and the streams the process holds. */
export interface StreamsServerMemory {
  readonly type: 'memory';
  readonly rss: number;
  readonly heapUsed: number;
  readonly external: number;
  readonly openStreams: number;
}

/** How long delivering (storing and publishing) took, in ms. */
export interface StreamsServerDelivered {
  readonly type: 'delivered';
  readonly ms: number;
}

export type StreamsParentMessage =
  { readonly type: 'memory' } | { readonly type: 'deliver'; readonly userIds: readonly string[] };

type ServerMessage =
  StreamsServerReady | StreamsServerMemory | StreamsServerDelivered | ChildFailed | ChildCpu;

const send = (message: ServerMessage): Promise<void> => sendToParent(message, 'streams.server.ts');

function collect(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('streams.server.ts runs with --expose-gc');
  gc();
  gc();
}

async function start(maxStreams: number): Promise<void> {
  // One app holds every stream (one per signed-in user of its back end), so its cap is raised.
  const settings = benchSettings({
    STREAM_MAX_PER_APP: String(maxStreams),
    STREAM_MAX_PER_PROCESS: String(maxStreams),
  });
  const app = await buildApp('guarded', settings);
  const { key, principal } = await issueKey(app);
  const delivery = app.get(InboxDelivery);
  const deliver = async (userIds: readonly string[]): Promise<void> => {
    const started = performance.now();
    for (const userId of userIds) {
      await delivery.deliver({
        id: `msg_${randomUUID()}`,
        appId: principal.appId,
        channel: 'inapp',
        to: [userId],
        // When it was published (epoch ms, this machine's clock), for the push latency.
        content: { subject: 'Fan-out', body: String(performance.timeOrigin + performance.now()) },
        metadata: {},
      });
      // Sends arrive one by one from the queue: the event loop serves others in between.
      await new Promise((resolve) => setImmediate(resolve));
    }
    await send({ type: 'delivered', ms: performance.now() - started });
  };
  const memory = (): Promise<void> => {
    collect();
    const { rss, heapUsed, external } = process.memoryUsage();
    const openStreams = app.get(InboxStreams).size;
    return send({ type: 'memory', rss, heapUsed, external, openStreams });
  };
  serveParent(
    'streams.server.ts',
    () => app.close(),
    (message) => {
      const request = message as StreamsParentMessage;
      if (request.type === 'memory') void memory();
      else void deliver(request.userIds);
    },
  );
  const port = await listenOnLoopback(app);
  await send({ type: 'ready', port, key });
}

start(Number(process.argv[2])).catch(async (error: unknown) => {
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  await send({ type: 'failed', message }).catch(() => undefined);
  process.exit(1);
});
