import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  adminToken,
  appWithKey,
  type AppWithKey,
  bearer,
  startApp,
  type TestApp,
  viewerToken,
} from '../harness/test-app';
import { eventually } from '../support/polling';

describe('status callbacks on the message, and their replay (embedded default)', () => {
  let t: TestApp;
  let app: AppWithKey;
  let receiver: Server;
  let callbackUrl: string;
  const eventIds: string[] = [];

  beforeAll(async () => {
    t = await startApp({}, { OUTBOUND_ALLOW_PRIVATE: 'true' });
    app = await appWithKey(t, { name: 'replay', rateLimitPerMinute: 100000 });
    receiver = createServer((req, res) => {
      eventIds.push(String(req.headers['switchboard-event-id']));
      req.resume();
      req.on('end', () => res.writeHead(204).end());
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    callbackUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/status`;
  });
  afterAll(async () => {
    await t.close();
    await new Promise((resolve) => receiver.close(resolve));
  });

  it('shows each callback with its tries, and sends them again under the same event ids', async () => {
    const sent = await t.http
      .post('/api/v1/messages/sms')
      .set('x-api-key', app.key)
      .send({ to: '+14155550100', body: 'Hi', callbackUrl })
      .expect(202);
    const id = sent.body.messageId as string;
    const read = async () =>
      (await t.http.get(`/api/v1/messages/${id}`).set('x-api-key', app.key).expect(200)).body;
    const message = await eventually(
      read,
      (m: { callbacks: { state: string; eventId: string }[] }) =>
        m.callbacks.some((c) => c.state === 'DELIVERED'),
      'a delivered callback on the message',
    );
    expect(message.callbacks).toEqual([
      {
        eventId: expect.stringMatching(/^evt_/),
        // The sandbox provider reports delivery at once: one status change.
        status: 'DELIVERED',
        state: 'DELIVERED',
        tries: [{ at: expect.any(String), status: 204 }],
        createdAt: expect.any(String),
      },
    ]);
    const first = message.callbacks[0].eventId;
    expect(eventIds).toEqual([first]);

    await t.http
      .post(`/api/v1/messages/${id}/callbacks/replay`)
      .set('x-api-key', app.key)
      .expect(202, { replayed: 1 });
    await t.http
      .post(`/api/v1/messages/${id}/callbacks/replay`)
      .set(bearer(adminToken()))
      .expect(202, { replayed: 1 });
    await eventually(
      () => Promise.resolve(eventIds.length),
      (n) => n === 3,
      'the replayed callbacks',
    );
    // Each replay posts each event once, not the earlier replays again.
    expect(eventIds).toEqual([first, first, first]);
    const after = await read();
    expect(after.callbacks.map((c: { state: string }) => c.state)).toEqual(
      Array(3).fill('DELIVERED'),
    );
  });

  it("refuses a viewer, and another app's key as if the message did not exist", async () => {
    const sent = await t.http
      .post('/api/v1/messages/sms')
      .set('x-api-key', app.key)
      .send({ to: '+14155550100', body: 'Hi', callbackUrl })
      .expect(202);
    const route = `/api/v1/messages/${sent.body.messageId}/callbacks/replay`;
    await t.http.post(route).set(bearer(viewerToken())).expect(403);
    const other = await appWithKey(t, { name: 'other' });
    await t.http.post(route).set('x-api-key', other.key).expect(404);
  });
});
