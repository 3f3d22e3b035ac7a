import type { AddressInfo } from 'node:net';
import { InboxFeed } from '../../src/channels/inapp/inbox-feed';
import { INBOX_STREAM_TIMING, type InboxStreamTiming } from '../../src/channels/inapp/inbox-stream';
import {
  adminToken,
  appWithKey,
  bearer,
  newKey,
  startApp,
  type TestApp,
} from '../harness/test-app';
import { eventually } from '../support/polling';
import { SseClient } from '../support/sse-client';

/** Short enough for a test to see a keep-alive. */
const TIMING: InboxStreamTiming = { keepAliveMs: 300, lookBackMs: 30_000 };

describe('in-app channel and inbox (embedded default: memory store, inbox provider)', () => {
  let t: TestApp;
  let port: number;
  let appId: string;
  let key: string;
  let otherKey: string;
  const admin = bearer(adminToken());
  let serial = 0;
  const aUser = (): string => {
    serial += 1;
    return `user-${serial}@example.com`;
  };

  const newApp = (name: string) => appWithKey(t, { name, rateLimitPerMinute: 100000 });

  beforeAll(async () => {
    t = await startApp({ overrides: [{ provide: INBOX_STREAM_TIMING, useValue: TIMING }] });
    const server = t.app.getHttpServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    const mine = await newApp('inbox');
    appId = mine.appId;
    key = mine.key;
    otherKey = (await newApp('other')).key;
  });
  afterAll(async () => {
    await t.close();
  });

  const send = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    t.http.post('/api/v1/messages/inapp').set('x-api-key', key).set(headers).send(body);

  /** Sends and waits for the outcome: the inbox provider answers at once. */
  const deliver = async (userId: string, body: string, subject?: string): Promise<string> => {
    const res = await send(
      { userId, body, ...(subject === undefined ? {} : { subject }) },
      { Prefer: 'wait=10' },
    ).expect(200);
    expect(res.body.status).toBe('DELIVERED');
    return res.body.messageId as string;
  };

  const inbox = (userId: string, query = '', credentials = key) =>
    t.http.get(`/api/v1/inbox/${encodeURIComponent(userId)}${query}`).set('x-api-key', credentials);

  describe('POST /api/v1/messages/inapp refuses bad input with the field code', () => {
    it.each([
      ['userId', 'missing', { userId: undefined }, 'invalid_user_id'],
      ['userId', 'empty', { userId: '' }, 'invalid_user_id'],
      ['userId', 'with a slash', { userId: 'a/b' }, 'invalid_user_id'],
      ['userId', 'with a space', { userId: 'a b' }, 'invalid_user_id'],
      ['userId', '129 characters', { userId: 'u'.repeat(129) }, 'invalid_user_id'],
      ['body', 'missing', { body: undefined }, 'message_empty'],
      ['body', 'only whitespace', { body: '  ' }, 'message_empty'],
      ['body', 'too long', { body: 'a'.repeat(10_001) }, 'message_too_long'],
    ])('%s: %s', async (field, _case, change, code) => {
      const res = await send({ userId: 'user-1', body: 'hi', ...change }).expect(400);
      expect(res.body).toEqual({
        code: 'VALIDATION_ERROR',
        message: expect.any(String),
        details: [{ field, code, message: expect.any(String) }],
      });
    });
  });

  it('delivers a notification into the inbox: the message is DELIVERED, to the user id', async () => {
    const userId = aUser();
    const res = await send(
      { userId, subject: 'Shipped', body: 'Order 2891 left today', metadata: { order: '2891' } },
      { Prefer: 'wait=10' },
    ).expect(200);
    expect(res.body).toMatchObject({ status: 'DELIVERED', channel: 'inapp', to: [userId] });
    const list = await inbox(userId).expect(200);
    expect(list.body).toEqual({
      data: [
        {
          id: expect.stringMatching(/^ntf_/),
          userId,
          messageId: res.body.messageId,
          subject: 'Shipped',
          body: 'Order 2891 left today',
          metadata: { order: '2891' },
          createdAt: expect.any(String),
          readAt: null,
        },
      ],
      unreadCount: 1,
    });
    const message = await t.http
      .get(`/api/v1/messages/${res.body.messageId}`)
      .set('x-api-key', key)
      .expect(200);
    expect(message.body.attempts).toEqual([
      expect.objectContaining({ provider: 'inbox', status: 'DELIVERED' }),
    ]);
  });

  it('filters unread notifications, counts them, and pages newest first', async () => {
    const userId = aUser();
    const first = await deliver(userId, 'one');
    await deliver(userId, 'two');
    await deliver(userId, 'three');
    const all = await inbox(userId).expect(200);
    expect(all.body.data.map((n: { body: string }) => n.body)).toEqual(['three', 'two', 'one']);
    const oldest = all.body.data[2];
    expect(oldest.messageId).toBe(first);
    await t.http
      .post(`/api/v1/inbox/${userId}/${oldest.id}/read`)
      .set('x-api-key', key)
      .expect(200);
    const unread = await inbox(userId, '?unread=true').expect(200);
    expect(unread.body.data.map((n: { body: string }) => n.body)).toEqual(['three', 'two']);
    expect(unread.body.unreadCount).toBe(2);
    const page = await inbox(userId, '?limit=2').expect(200);
    expect(page.body.data.map((n: { body: string }) => n.body)).toEqual(['three', 'two']);
    const rest = await inbox(userId, `?limit=2&cursor=${page.body.nextCursor}`).expect(200);
    expect(rest.body.data.map((n: { body: string }) => n.body)).toEqual(['one']);
    expect(rest.body.nextCursor).toBeUndefined();
    const bad = await inbox(userId, '?cursor=bm9wZQ').expect(400);
    expect(bad.body.details[0].code).toBe('invalid_cursor');
  });

  it('marks one read, recording a read event on its message, once', async () => {
    const userId = aUser();
    const messageId = await deliver(userId, 'hello');
    const [notification] = (await inbox(userId).expect(200)).body.data;
    const read = await t.http
      .post(`/api/v1/inbox/${userId}/${notification.id}/read`)
      .set('x-api-key', key)
      .expect(200);
    expect(read.body).toMatchObject({ id: notification.id, readAt: expect.any(String) });
    await t.http
      .post(`/api/v1/inbox/${userId}/${notification.id}/read`)
      .set('x-api-key', key)
      .expect(200);
    const message = await t.http
      .get(`/api/v1/messages/${messageId}`)
      .set('x-api-key', key)
      .expect(200);
    const reads = message.body.events.filter((event: { type: string }) => event.type === 'read');
    expect(reads).toEqual([{ type: 'read', at: read.body.readAt, recipient: userId }]);
    expect(message.body.status).toBe('DELIVERED');
  });

  it('marks all read and deletes one', async () => {
    const userId = aUser();
    await deliver(userId, 'a');
    const messageId = await deliver(userId, 'b');
    const readAll = await t.http
      .post(`/api/v1/inbox/${userId}/read-all`)
      .set('x-api-key', key)
      .expect(200);
    expect(readAll.body).toEqual({ marked: 2, unreadCount: 0 });
    const list = await inbox(userId).expect(200);
    expect(list.body.unreadCount).toBe(0);
    const message = await t.http
      .get(`/api/v1/messages/${messageId}`)
      .set('x-api-key', key)
      .expect(200);
    expect(message.body.events).toContainEqual(expect.objectContaining({ type: 'read' }));
    const [newest] = list.body.data;
    await t.http.delete(`/api/v1/inbox/${userId}/${newest.id}`).set('x-api-key', key).expect(204);
    await t.http.delete(`/api/v1/inbox/${userId}/${newest.id}`).set('x-api-key', key).expect(404);
    expect(
      (await inbox(userId).expect(200)).body.data.map((n: { body: string }) => n.body),
    ).toEqual(['a']);
  });

  it("keeps apps apart: another app's key finds nothing (404, like a missing one)", async () => {
    const userId = aUser();
    await deliver(userId, 'private');
    const [notification] = (await inbox(userId).expect(200)).body.data;
    const path = `/api/v1/inbox/${userId}/${notification.id}`;
    await t.http.post(`${path}/read`).set('x-api-key', otherKey).expect(404);
    const gone = await t.http.delete(path).set('x-api-key', otherKey).expect(404);
    expect(gone.body).toEqual({ code: 'NOT_FOUND', message: expect.any(String) });
    expect((await inbox(userId, '', otherKey).expect(200)).body).toEqual({
      data: [],
      unreadCount: 0,
    });
    const mine = await inbox(userId).expect(200);
    expect(mine.body.data[0].readAt).toBeNull();
  });

  it('lets a key with only messages:read read the inbox, and neither mark it read nor delete from it', async () => {
    const userId = aUser();
    await deliver(userId, 'read me');
    const readOnly = await newKey(t, appId, { scopes: ['messages:read'] });
    const [notification] = (await inbox(userId, '', readOnly).expect(200)).body.data;
    const path = `/api/v1/inbox/${userId}`;
    for (const change of [
      t.http.post(`${path}/${notification.id}/read`),
      t.http.post(`${path}/read-all`),
      t.http.delete(`${path}/${notification.id}`),
    ]) {
      const refused = await change.set('x-api-key', readOnly).expect(403);
      expect(refused.body).toEqual({
        code: 'FORBIDDEN',
        message: 'This API key lacks the messages:send scope.',
      });
    }
    const after = await inbox(userId).expect(200);
    expect(after.body.data).toEqual([
      expect.objectContaining({ id: notification.id, readAt: null }),
    ]);
    const sender = await newKey(t, appId, { scopes: ['messages:send'] });
    await t.http.post(`${path}/${notification.id}/read`).set('x-api-key', sender).expect(200);
    await t.http.get(path).set('x-api-key', sender).expect(403);
  });

  it('lets admins read an inbox naming its app, and refuses another app from a key', async () => {
    const userId = aUser();
    await deliver(userId, 'for admins');
    const missing = await t.http.get(`/api/v1/inbox/${userId}`).set(admin).expect(400);
    expect(missing.body.details[0]).toMatchObject({ field: 'appId', code: 'required' });
    const read = await t.http.get(`/api/v1/inbox/${userId}?appId=${appId}`).set(admin).expect(200);
    expect(read.body.data.map((n: { body: string }) => n.body)).toEqual(['for admins']);
    await t.http.get(`/api/v1/inbox/${userId}?appId=app_nope`).set(admin).expect(404);
    const other = await inbox(userId, '?appId=app_other').expect(403);
    expect(other.body.code).toBe('FORBIDDEN');
    await t.http.get(`/api/v1/inbox/${userId}`).expect(401);
    await t.http.get('/api/v1/inbox/a%20b').set('x-api-key', key).expect(400);
  });

  describe('GET /api/v1/inbox/{userId}/stream', () => {
    const stream = (userId: string, headers: Record<string, string> = {}) =>
      SseClient.open(port, `/api/v1/inbox/${encodeURIComponent(userId)}/stream`, {
        'x-api-key': key,
        ...headers,
      });

    it('pushes a notification sent after the client connected, with an id', async () => {
      const userId = aUser();
      await deliver(userId, 'before');
      const client = await stream(userId);
      try {
        expect(client.res.statusCode).toBe(200);
        expect(client.res.headers['content-type']).toMatch(/^text\/event-stream/);
        await client.next((item) => item.comment === 'connected');
        const messageId = await deliver(userId, 'live one', 'Hi');
        const event = await client.next((item) => item.event === 'notification');
        expect(event.id).toMatch(/^\d+\.ntf_/);
        expect(JSON.parse(event.data ?? '')).toMatchObject({
          userId,
          messageId,
          subject: 'Hi',
          body: 'live one',
          readAt: null,
        });
        expect(client.events).toHaveLength(1);
      } finally {
        client.close();
      }
    });

    it('resumes after Last-Event-ID: a reconnect gets what was sent while away, then live ones', async () => {
      const userId = aUser();
      const feed = t.app.get(InboxFeed);
      const first = await stream(userId);
      await first.next((item) => item.comment === 'connected');
      await deliver(userId, 'seen');
      const seen = await first.next((item) => item.event === 'notification');
      first.close();
      await eventually(
        () => Promise.resolve(feed.listeners({ appId, userId })),
        (count) => count === 0,
        'the closed stream to stop listening',
      );

      await deliver(userId, 'missed');
      const again = await stream(userId, { 'Last-Event-ID': seen.id ?? '' });
      try {
        const missed = await again.next((item) => item.event === 'notification');
        expect(JSON.parse(missed.data ?? '').body).toBe('missed');
        await deliver(userId, 'after');
        await again.next((item) => item.data?.includes('"after"') === true);
        const bodies = again.events.map((event) => JSON.parse(event.data ?? '').body);
        expect(bodies).toEqual(['missed', 'after']);
      } finally {
        again.close();
      }
    });

    it('sends keep-alive comments, and pushes what the feed publishes without reading the store', async () => {
      const userId = aUser();
      const client = await stream(userId);
      try {
        await client.next((item) => item.comment === 'keep-alive');
        const now = new Date();
        // What another instance stored and published: only the feed tells this stream.
        t.app.get(InboxFeed).published({
          id: 'ntf_stored_elsewhere',
          appId,
          userId,
          messageId: 'msg_stored_elsewhere',
          body: 'from another instance',
          metadata: {},
          createdAt: now,
          expiresAt: new Date(now.getTime() + 60_000),
        });
        const event = await client.next((item) => item.event === 'notification');
        expect(JSON.parse(event.data ?? '').body).toBe('from another instance');
      } finally {
        client.close();
      }
    });

    it('answers refusals as JSON errors before any stream opens', async () => {
      const unauthenticated = await SseClient.open(port, `/api/v1/inbox/${aUser()}/stream`, {});
      expect(unauthenticated.res.statusCode).toBe(401);
      expect(unauthenticated.res.headers['content-type']).toMatch(/^application\/json/);
      const badId = await stream(aUser(), { 'Last-Event-ID': 'nonsense' });
      expect(badId.res.statusCode).toBe(400);
      unauthenticated.close();
      badId.close();
    });
  });
});
