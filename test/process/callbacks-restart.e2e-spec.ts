import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { verifyCallbackSignature } from '../../src/contract/callback-signature';
import { freePort } from '../harness/servers';
import { appWithKey, mongoUri, TEST_JWT_SECRET, uniqueDatabase } from '../harness/test-app';
import { stopChild } from '../support/child-process';
import { until } from '../support/polling';
import { type ServerProcess, spawnServer, waitUntilLive } from '../support/server-process';

const ENTRY = 'test/support/test-server.ts';
/** 8 tries, 4 s apart: the schedule's shape, short enough for a test. */
const RETRY_SECONDS = '4,4,4,4,4,4,4';
const MESSAGES = 3;

interface Post {
  readonly eventId: string;
  readonly status: string;
  readonly verified: boolean;
  readonly answered: number;
}

/** A local receiver that answers 503 until told to accept, recording every post. */
class Receiver {
  readonly posts: Post[] = [];
  accepting = false;
  secret = '';
  private readonly server: Server = createServer((req, res) => {
    void this.read(req).then((body) => {
      const answered = this.accepting ? 200 : 503;
      this.posts.push({
        eventId: String(req.headers['switchboard-event-id']),
        status: (JSON.parse(body) as { status: string }).status,
        verified: verifyCallbackSignature(
          this.secret,
          String(req.headers['switchboard-signature']),
          body,
          300,
          Math.floor(Date.now() / 1000),
        ),
        answered,
      });
      res.writeHead(answered).end();
    });
  });

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks/status`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => {
        resolve();
      });
    });
  }

  private async read(req: IncomingMessage): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }
}

async function start(
  env: Record<string, string>,
): Promise<{ server: ServerProcess; base: string }> {
  const port = await freePort();
  const server = spawnServer(ENTRY, { ...env, PORT: String(port) });
  // ts-node compiles the server first: slow on a busy machine.
  await waitUntilLive(port, server, 180_000);
  return { server, base: `http://127.0.0.1:${port}` };
}

interface CallbackView {
  readonly eventId: string;
  readonly state: string;
  readonly tries: { status?: number }[];
}

async function callbacksOf(base: string, key: string, id: string): Promise<CallbackView[]> {
  const res = await request(base).get(`/api/v1/messages/${id}`).set('x-api-key', key);
  return (res.body as { callbacks?: CallbackView[] }).callbacks ?? [];
}

describe('status callbacks across a kill -9 of the only instance (FerretDB)', () => {
  const receiver = new Receiver();
  let server: ServerProcess | undefined;

  afterAll(async () => {
    if (server) await stopChild(server.child);
    await receiver.close();
  });

  it('delivers the callbacks pending at the kill after the restart, each try once', async () => {
    const callbackUrl = await receiver.listen();
    const env = {
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      JWT_SECRET: TEST_JWT_SECRET,
      MONGODB_URI: mongoUri(uniqueDatabase()),
      RATE_LIMIT_PER_MINUTE: '1000000',
      OUTBOUND_ALLOW_PRIVATE: 'true',
      CALLBACK_RETRY_SECONDS: RETRY_SECONDS,
      PROVIDERS: JSON.stringify({ sms: [{ id: 'recorder', type: 'scripted' }] }),
    };
    let base: string;
    ({ server, base } = await start(env));
    const app = await appWithKey({ http: request(base) }, { name: 'callbacks' });
    receiver.secret = app.callbackSecret;
    const ids: string[] = [];
    for (let n = 0; n < MESSAGES; n++) {
      const res = await request(base)
        .post('/api/v1/messages/sms')
        .set('x-api-key', app.key)
        .send({ to: '+14155550100', body: `message ${n}`, callbackUrl })
        .expect(202);
      ids.push((res.body as { messageId: string }).messageId);
    }
    // Each SENT callback tried once, refused, and that try recorded: then the only instance dies.
    await until(
      async () => {
        const views = await Promise.all(ids.map((id) => callbacksOf(base, app.key, id)));
        return views.every((view) => view.length === 1 && view[0].tries.length === 1);
      },
      'a first, refused try of every callback',
      60_000,
    );
    server.child.kill('SIGKILL');
    await server.exited;
    const beforeRestart = receiver.posts.length;
    expect(beforeRestart).toBe(MESSAGES);

    receiver.accepting = true;
    ({ server, base } = await start(env));
    await until(
      () => receiver.posts.filter((post) => post.answered === 200).length >= MESSAGES,
      'every callback delivered after the restart',
      120_000,
    );
    // A second delivery of any of them would come within a retry interval.
    await new Promise((resolve) => setTimeout(resolve, 6000));

    const eventIds = new Set(receiver.posts.map((post) => post.eventId));
    expect(eventIds.size).toBe(MESSAGES);
    for (const eventId of eventIds) {
      expect(
        receiver.posts
          .filter((post) => post.eventId === eventId)
          .map(({ status, verified, answered }) => ({ status, verified, answered })),
      ).toEqual([
        { status: 'SENT', verified: true, answered: 503 },
        { status: 'SENT', verified: true, answered: 200 },
      ]);
    }
    for (const id of ids) {
      expect(await callbacksOf(base, app.key, id)).toEqual([
        expect.objectContaining({
          state: 'DELIVERED',
          tries: [
            expect.objectContaining({ status: 503 }),
            expect.objectContaining({ status: 200 }),
          ],
        }),
      ]);
    }
  }, 600_000);
});
