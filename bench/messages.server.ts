/**
 * The real app in a process of its own, started by messages.bench.ts with
 * `messages.server.ts '<ServerConfig JSON>'`: `AppModule.forRoot(settings)` with the embedded
 * stores, or with MONGODB_URI and REDIS_URL, built like `createApp` (`APP_OPTIONS` +
 * `configureApp`). One difference: the dispatcher and the sweeper start paused, so that
 * accepting can be measured on its own and a backlog can be built before dispatching starts.
 *
 * IPC: reports `ready` once it listens (with a key that has every scope); answers `cpu`;
 * `dispatch` starts the dispatcher and the sweeper exactly as `onApplicationBootstrap` would
 * have; `progress` answers how many messages the dispatcher has stored as DELIVERED (counted
 * in-process, without a query) and when 10 %, 90 % and all of them were; `profile-start` / `profile-stop` record a V8 CPU profile of this process (inspector);
 * `close`, or the parent going away, closes the app and exits.
 */
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { AppModule } from '../src/app.module';
import { APP_OPTIONS, configureApp } from '../src/app.setup';
import type { Environment } from '../src/common/config/variables';
import type { GatewaySettings } from '../src/contract/gateway-settings';
import type { Message } from '../src/message-log/message.model';
import { jsonBodies } from '../src/common/http/body-reading';
import { MessageUpdates } from '../src/dispatch/message-updates';
import { Dispatcher } from '../src/dispatch/dispatcher';
import { Sweeper } from '../src/dispatch/sweeper';
import { benchSettings, issueKey, listenOnLoopback } from './me.app';
import {
  type BaseParentMessage,
  type ChildCpu,
  type ChildFailed,
  sendToParent,
  serveParent,
} from './support';

export interface ServerConfig {
  /** MONGODB_URI: a MongoDB-wire server (FerretDB here); absent for the memory store. */
  readonly mongodbUri?: string;
  /** REDIS_URL: BullMQ on Redis; absent for the in-process queue. */
  readonly redisUrl?: string;
  /** DISPATCH_CONCURRENCY; the app's default (16) when absent. */
  readonly dispatchConcurrency?: number;
  /**
   * False: format stack traces with V8's own formatter, as `node dist/main.js` does, instead of
   * ts-node's source-map-support (mongoose reads `new Error().stack` on every query).
   */
  readonly sourceMappedStacks?: boolean;
  /**
   * True: every JSON body is read before routing, ahead of the rate limits and the access checks
   * (the order before bodies were read last), to measure what reading it last costs.
   */
  readonly bodyFirst?: boolean;
}

export interface MessagesServerReady {
  readonly type: 'ready';
  readonly port: number;
  readonly pid: number;
  /** An API key with every scope, of an app made for the run. */
  readonly key: string;
  readonly dispatchConcurrency: number;
}

/** `startedAt`: this process's `performance.now()` just before the dispatcher started. */
export interface DispatchStarted {
  readonly type: 'dispatching';
  readonly startedAt: number;
}

/** Messages the dispatcher has stored as DELIVERED since start (counted in-process). */
export interface Progress {
  readonly type: 'progress';
  readonly delivered: number;
  /** `performance.now()` of this process now, and when the count reached these marks. */
  readonly now: number;
  readonly marks: DeliveryMarks;
}

/** When 10 %, 90 % and all of the expected messages had been stored as DELIVERED. */
export interface DeliveryMarks {
  tenth?: number;
  ninetieth?: number;
  all?: number;
}

export interface ProfileStarted {
  readonly type: 'profiling';
}

export interface ProfileWritten {
  readonly type: 'profiled';
  readonly path: string;
}

export type MessagesServerMessage =
  | MessagesServerReady
  | ChildFailed
  | ChildCpu
  | DispatchStarted
  | Progress
  | ProfileStarted
  | ProfileWritten;

export type MessagesParentMessage =
  | BaseParentMessage
  | { readonly type: 'dispatch'; readonly expect: number }
  | { readonly type: 'progress' }
  | { readonly type: 'profile-start' }
  | { readonly type: 'profile-stop'; readonly path: string };

const SCRIPT = 'messages.server.ts';

const send = (message: MessagesServerMessage): Promise<void> => sendToParent(message, SCRIPT);

/** The dispatcher, not consuming until `resume()`; otherwise the app's own. */
class PausedDispatcher extends Dispatcher {
  override onApplicationBootstrap(): Promise<void> {
    return Promise.resolve();
  }

  resume(): Promise<void> {
    return super.onApplicationBootstrap();
  }
}

/** The sweeper, not sweeping until `resume()`; otherwise the app's own. */
class PausedSweeper extends Sweeper {
  override onApplicationBootstrap(): void {
    // started by resume()
  }

  resume(): void {
    super.onApplicationBootstrap();
  }
}

/**
 * The app's in-process change notices, also counting the messages the dispatcher has stored as
 * DELIVERED: the dispatcher publishes each message its `complete` returned, so the count moves
 * when the store has the new status, and reading it costs the store nothing.
 */
class CountingUpdates extends MessageUpdates {
  delivered = 0;
  expect = Number.POSITIVE_INFINITY;
  readonly marks: DeliveryMarks = {};

  override published(message: Message): void {
    if (message.status === 'DELIVERED') {
      this.delivered += 1;
      const now = performance.now();
      if (this.marks.tenth === undefined && this.delivered >= this.expect * 0.1) {
        this.marks.tenth = now;
      }
      if (this.marks.ninetieth === undefined && this.delivered >= this.expect * 0.9) {
        this.marks.ninetieth = now;
      }
      if (this.marks.all === undefined && this.delivered >= this.expect) this.marks.all = now;
    }
    super.published(message);
  }
}

export function serverEnvironment(config: ServerConfig): Environment {
  return {
    ...(config.mongodbUri ? { MONGODB_URI: config.mongodbUri } : {}),
    ...(config.redisUrl ? { REDIS_URL: config.redisUrl } : {}),
    ...(config.dispatchConcurrency === undefined
      ? {}
      : { DISPATCH_CONCURRENCY: String(config.dispatchConcurrency) }),
  };
}

async function buildApp(
  settings: GatewaySettings,
  bodyFirst: boolean,
): Promise<NestExpressApplication> {
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(settings)] })
    .overrideProvider(Dispatcher)
    .useClass(PausedDispatcher)
    .overrideProvider(Sweeper)
    .useClass(PausedSweeper)
    .overrideProvider(MessageUpdates)
    .useClass(CountingUpdates)
    .compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({
    ...APP_OPTIONS,
    logger: false,
  });
  configureApp(app, settings);
  // Before the routes (Nest adds them when the app starts): the body is read, then the guards
  // run; the route's own reader finds it read and passes.
  if (bodyFirst) app.use(jsonBodies(settings));
  return app;
}

/** A V8 CPU profile of this process, between `start` and `stop`. */
class Profiler {
  private session?: Session;

  async start(): Promise<void> {
    if (this.session) throw new Error('already profiling');
    const session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
    this.session = session;
  }

  async stop(path: string): Promise<void> {
    const { session } = this;
    if (!session) throw new Error('not profiling');
    this.session = undefined;
    const { profile } = await session.post('Profiler.stop');
    await session.post('Profiler.disable');
    session.disconnect();
    await writeFile(path, JSON.stringify(profile));
  }
}

async function start(config: ServerConfig): Promise<void> {
  if (config.sourceMappedStacks === false) {
    delete (Error as { prepareStackTrace?: unknown }).prepareStackTrace;
  }
  const settings = benchSettings(serverEnvironment(config));
  const app = await buildApp(settings, config.bodyFirst === true);
  const dispatcher = app.get(Dispatcher);
  const sweeper = app.get(Sweeper);
  const updates = app.get(MessageUpdates);
  if (
    !(dispatcher instanceof PausedDispatcher) ||
    !(sweeper instanceof PausedSweeper) ||
    !(updates instanceof CountingUpdates)
  ) {
    throw new Error('the dispatcher, sweeper or change notices were not replaced for the bench');
  }
  const profiler = new Profiler();
  const fail = (error: unknown): void => {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    void send({ type: 'failed', message }).catch(() => undefined);
  };
  serveParent(
    SCRIPT,
    () => app.close(),
    (request) => {
      const message = request as Exclude<MessagesParentMessage, BaseParentMessage>;
      switch (message.type) {
        case 'dispatch': {
          updates.expect = message.expect;
          const startedAt = performance.now();
          dispatcher
            .resume()
            .then(() => {
              sweeper.resume();
              return send({ type: 'dispatching', startedAt });
            })
            .catch(fail);
          return;
        }
        case 'progress':
          void send({
            type: 'progress',
            delivered: updates.delivered,
            now: performance.now(),
            marks: { ...updates.marks },
          });
          return;
        case 'profile-start':
          profiler
            .start()
            .then(() => send({ type: 'profiling' }))
            .catch(fail);
          return;
        case 'profile-stop':
          profiler
            .stop(message.path)
            .then(() => send({ type: 'profiled', path: message.path }))
            .catch(fail);
          return;
      }
    },
  );
  const { key } = await issueKey(app);
  const port = await listenOnLoopback(app);
  await send({
    type: 'ready',
    port,
    pid: process.pid,
    key,
    dispatchConcurrency: settings.dispatch.concurrency,
  });
}

const configJson = process.argv.at(2);
let config: ServerConfig;
try {
  config = JSON.parse(configJson ?? '{}') as ServerConfig;
} catch {
  console.error(`usage: ${SCRIPT} '<ServerConfig JSON>', not ${configJson ?? 'nothing'}`);
  process.exit(2);
}
start(config).catch(async (error: unknown) => {
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  await send({ type: 'failed', message }).catch(() => undefined);
  process.exit(1);
});
