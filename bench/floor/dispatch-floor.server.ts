/**
 * Baseline (b) of floor.bench.ts: the bare pipeline, started as
 * `dispatch-floor.server.ts '<DispatchFloorConfig JSON>'`. A BullMQ worker with the `mongodb`
 * driver (the one mongoose wraps) doing only the irreducible work per message, at the app's
 * concurrency, on the app's FerretDB and Redis: claim the message (one conditional
 * find-and-update that returns it), a send that does nothing, record the completion (one update).
 * Its backlog is N copies of a message the app stored in the same run, and N prioritized jobs
 * that are removed on completion, as the app's are.
 *
 * IPC: `ready` once connected; `prepare` stores the backlog and answers `prepared`; `dispatch`
 * starts the worker and answers `dispatching`; `progress` answers the count of completed
 * messages and the 10 %, 90 % and 100 % marks; `cpu`; `close` or the parent going away ends it.
 */
import { hostname } from 'node:os';
import { Queue, Worker } from 'bullmq';
import { mongo } from 'mongoose';
import type { DeliveryMarks } from '../messages.server';
import { reportFailure, sendToParent, serveParent } from '../support';

const SCRIPT = 'dispatch-floor.server.ts';
const QUEUE = 'floor-dispatch';

export interface DispatchFloorConfig {
  readonly mongodbUri: string;
  /** The app's database, where a message to copy is read. */
  readonly templateDatabase: string;
  readonly database: string;
  readonly redisUrl: string;
  readonly concurrency: number;
}

export type DispatchFloorRequest =
  | { readonly type: 'prepare'; readonly count: number }
  | { readonly type: 'dispatch' }
  | { readonly type: 'progress' };

interface MessageDoc {
  _id: string;
  status: string;
  attempts: object[];
}

const config = JSON.parse(process.argv.at(2) ?? '{}') as DispatchFloorConfig;
const send = (message: { readonly type: string } & Record<string, unknown>): Promise<void> =>
  sendToParent(message, SCRIPT);

async function start(): Promise<void> {
  const client = await mongo.MongoClient.connect(config.mongodbUri);
  const messages = client.db(config.database).collection<MessageDoc>('messages');
  const connection = { url: config.redisUrl, maxRetriesPerRequest: null };
  const queue = new Queue(QUEUE, {
    connection,
    defaultJobOptions: { removeOnComplete: true },
  });
  const owner = `${hostname()}:${process.pid}`;
  let worker: Worker | undefined;
  let completed = 0;
  let expect = Number.POSITIVE_INFINITY;
  const marks: DeliveryMarks = {};
  const completedOne = (): void => {
    completed += 1;
    const now = performance.now();
    if (marks.tenth === undefined && completed >= expect * 0.1) marks.tenth = now;
    if (marks.ninetieth === undefined && completed >= expect * 0.9) marks.ninetieth = now;
    if (marks.all === undefined && completed >= expect) marks.all = now;
  };

  const prepare = async (count: number): Promise<void> => {
    const template = await client
      .db(config.templateDatabase)
      .collection('messages')
      .findOne({ status: 'QUEUED' });
    if (!template) throw new Error('no QUEUED message of the app to copy');
    const docs = Array.from(
      { length: count },
      (_, i) => ({ ...template, _id: `floor_${i}` }) as unknown as MessageDoc,
    );
    for (let i = 0; i < docs.length; i += 200) await messages.insertMany(docs.slice(i, i + 200));
    await queue.addBulk(
      docs.map((doc) => ({
        name: 'dispatch',
        data: { messageId: doc._id, priority: 0, attempt: 0 },
        opts: { jobId: `${doc._id}-0`, priority: 11 },
      })),
    );
    expect = count;
  };

  const handle = async (messageId: string): Promise<void> => {
    const now = new Date();
    const claimed = await messages.findOneAndUpdate(
      { _id: messageId, status: 'QUEUED' },
      {
        $set: {
          status: 'SENDING',
          claim: { owner, expiresAt: new Date(now.getTime() + 60_000) },
          updatedAt: now,
        },
      },
      { returnDocument: 'after' },
    );
    if (!claimed) return;
    await Promise.resolve(); // the send
    const done = new Date();
    await messages.updateOne(
      { _id: messageId, status: 'SENDING', 'claim.owner': owner },
      {
        $set: { status: 'DELIVERED', updatedAt: done },
        $unset: { claim: '', nextAttemptAt: '' },
        $push: {
          attempts: { provider: 'floor', status: 'DELIVERED', durationMs: 0, timestamp: done },
        },
      },
    );
    completedOne();
  };

  const fail = reportFailure(SCRIPT);
  const close = async (): Promise<void> => {
    await worker?.close();
    await queue.close();
    await client.close();
  };
  serveParent(SCRIPT, close, (request) => {
    const message = request as DispatchFloorRequest;
    switch (message.type) {
      case 'prepare':
        prepare(message.count)
          .then(() => send({ type: 'prepared' }))
          .catch(fail);
        return;
      case 'dispatch': {
        const startedAt = performance.now();
        worker = new Worker<{ messageId: string }>(QUEUE, (job) => handle(job.data.messageId), {
          connection,
          concurrency: config.concurrency,
        });
        worker.on('failed', (_job, error) => {
          fail(error);
        });
        void send({ type: 'dispatching', startedAt });
        return;
      }
      case 'progress':
        void send({
          type: 'progress',
          delivered: completed,
          now: performance.now(),
          marks: { ...marks },
        });
        return;
    }
  });
  await send({ type: 'ready', pid: process.pid });
}

start().catch((error: unknown) => {
  reportFailure(SCRIPT)(error);
  setTimeout(() => process.exit(1), 100);
});
