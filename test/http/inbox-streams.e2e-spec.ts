import type { AddressInfo } from 'node:net';
import Redis from 'ioredis';
import { InboxFeed } from '../../src/channels/inapp/inbox-feed';
import { INBOX_STREAM_TIMING, type InboxStreamTiming } from '../../src/channels/inapp/inbox-stream';
import { InboxStore } from '../../src/channels/inapp/inbox.store';
import { appWithKey, redisUrl, startApp, type TestApp, uniqueDatabase } from '../harness/test-app';
import { until } from '../support/polling';
import { SseClient } from '../support/sse-client';

const listen = async (t: TestApp): Promise<number> => {
  await t.app.listen(0, '127.0.0.1');
  return (t.app.getHttpServer().address() as AddressInfo).port;
};

const streamOf = (port: number, key: string, userId: string): Promise<SseClient> =>
  SseClient.open(port, `/api/v1/inbox/${userId}/stream`, { 'x-api-key': key });

/** Counts every call to the store's methods, which still do what they did. */
function countCalls(store: InboxStore): () => number {
  let calls = 0;
  const names = Object.getOwnPropertyNames(Object.getPrototypeOf(store)).filter(
    (name) => name !== 'constructor',
  );
  const methods = store as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const name of names) {
    const original = methods[name];
    if (typeof original !== 'function') continue;
    methods[name] = (...args: unknown[]) => {
      calls += 1;
      return original.apply(store, args);
    };
  }
  return () => calls;
}

describe('live inbox streams across instances (FerretDB + Redis pub/sub)', () => {
  let api: TestApp;
  let worker: TestApp;
  let port: number;
  let key: string;
  let appId: string;
  const opened: SseClient[] = [];

  beforeAll(async () => {
    const database = uniqueDatabase();
    // The stream's instance takes no sends, so a notification reaches it only from the other.
    api = await startApp({ mongo: true, redis: true, database }, { ROLE: 'api' });
    worker = await startApp({ mongo: true, redis: true, database });
    port = await listen(api);
    ({ key, appId } = await appWithKey(api, { name: 'streams', rateLimitPerMinute: 100_000 }));
  });
  afterAll(async () => {
    for (const client of opened) client.close();
    await api.close();
    await worker.close();
  });

  const open = async (userId: string): Promise<SseClient> => {
    const client = await streamOf(port, key, userId);
    opened.push(client);
    expect(client.res.statusCode).toBe(200);
    await client.next((item) => item.comment === 'connected');
    return client;
  };

  it('pushes a notification accepted by the other instance at once, without reading the store', async () => {
    const storeCalls = countCalls(api.app.get(InboxStore));
    const clients = await Promise.all(['ann', 'bob', 'cy'].map((user) => open(`pushed-${user}`)));
    // Longer than the five seconds the streams used to read the store at.
    await new Promise((resolve) => setTimeout(resolve, 5_500));
    const sent = performance.now();
    const res = await worker.http
      .post('/api/v1/messages/inapp')
      .set('x-api-key', key)
      .set('Prefer', 'wait=10')
      .send({ userId: 'pushed-bob', body: 'from the other instance' })
      .expect(200);
    expect(res.body.status).toBe('DELIVERED');
    const event = await clients[1].next((item) => item.event === 'notification', 2_000);
    expect(performance.now() - sent).toBeLessThan(2_000);
    expect(JSON.parse(event.data ?? '')).toMatchObject({
      userId: 'pushed-bob',
      messageId: res.body.messageId,
      body: 'from the other instance',
    });
    expect(clients[0].events).toHaveLength(0);
    expect(clients[2].events).toHaveLength(0);
    expect(storeCalls()).toBe(0);
  });

  it('after the relay reconnects, a stream reads what it may have missed', async () => {
    const client = await open('reconnect');
    const now = new Date();
    // Stored while the relay was away: nobody hears of it but the store.
    await api.app.get(InboxStore).save({
      id: `ntf_lost_${now.getTime()}`,
      appId,
      userId: 'reconnect',
      messageId: 'msg_lost',
      body: 'published while the relay was away',
      metadata: {},
      createdAt: now,
      expiresAt: new Date(now.getTime() + 60_000),
    });
    const admin = new Redis(redisUrl());
    try {
      await admin.client('KILL', 'TYPE', 'pubsub');
    } finally {
      admin.disconnect();
    }
    const event = await client.next((item) => item.event === 'notification');
    expect(JSON.parse(event.data ?? '').body).toBe('published while the relay was away');
  });
});

describe('the idle lifetime of a live inbox stream', () => {
  const timing: InboxStreamTiming = { keepAliveMs: 200, lookBackMs: 30_000 };

  it('ends a stream that sent no notification for STREAM_IDLE_SECONDS; keep-alives do not count', async () => {
    const t = await startApp(
      { overrides: [{ provide: INBOX_STREAM_TIMING, useValue: timing }] },
      { STREAM_IDLE_SECONDS: '2' },
    );
    const clients: SseClient[] = [];
    try {
      const port = await listen(t);
      const { key, appId } = await appWithKey(t, { name: 'idle' });
      const ended = (client: SseClient): Promise<number> =>
        new Promise((resolve) =>
          client.res.once('end', () => {
            resolve(performance.now());
          }),
        );
      const quiet = await streamOf(port, key, 'quiet');
      const busy = await streamOf(port, key, 'busy');
      clients.push(quiet, busy);
      const started = performance.now();
      const quietEnded = ended(quiet);
      const busyEnded = ended(busy);
      await new Promise((resolve) => setTimeout(resolve, 1_200));
      const now = new Date();
      t.app.get(InboxFeed).published({
        id: 'ntf_keeps_busy_open',
        appId,
        userId: 'busy',
        messageId: 'msg_busy',
        body: 'activity',
        metadata: {},
        createdAt: now,
        expiresAt: new Date(now.getTime() + 60_000),
      });
      await busy.next((item) => item.event === 'notification');
      const quietAt = (await quietEnded) - started;
      expect(quiet.received.filter((item) => item.comment === 'keep-alive').length).toBeGreaterThan(
        3,
      );
      expect(quietAt).toBeGreaterThan(1_000);
      const busyAt = (await busyEnded) - started;
      expect(busyAt).toBeGreaterThan(quietAt + 800);
      await until(
        () => t.app.get(InboxFeed).listeners({ appId, userId: 'busy' }) === 0,
        'the ended streams to let go',
      );
    } finally {
      for (const client of clients) client.close();
      await t.close();
    }
  });
});
