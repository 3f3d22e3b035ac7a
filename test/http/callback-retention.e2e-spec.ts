import { CallbackOutbox, type CallbackRecord } from '../../src/dispatch/callbacks/callback-outbox';
import { Sweeper } from '../../src/dispatch/sweeper';
import { startApp, type TestApp } from '../harness/test-app';

const DAY_MS = 24 * 60 * 60 * 1000;

/** A status callback made `daysAgo` days ago, in `state`. */
function callback(id: string, daysAgo: number, state: CallbackRecord['state']): CallbackRecord {
  const createdAt = new Date(Date.now() - daysAgo * DAY_MS);
  return {
    id,
    eventId: `evt_${id}`,
    appId: 'app_retention',
    messageId: `msg_${id}`,
    status: 'DELIVERED',
    url: 'https://example.com/hooks/status',
    body: '{}',
    state,
    tries: [],
    // Not due: the app's callback worker leaves the pending one alone.
    nextTryAt: new Date(Date.now() + DAY_MS),
    sequence: createdAt.getTime() * 1000,
    createdAt,
  };
}

describe.each([
  ['MongoDB (FerretDB)', { mongo: true }],
  ['memory', {}],
])('the sweeper purges settled status callbacks after RETENTION_DAYS (%s)', (_, options) => {
  let t: TestApp;
  let outbox: CallbackOutbox;

  beforeAll(async () => {
    t = await startApp(options, { RETENTION_DAYS: '30' });
    outbox = t.app.get(CallbackOutbox);
  });
  afterAll(async () => {
    await t.close();
  });

  it('deletes delivered and given-up callbacks older than 30 days, and keeps the others', async () => {
    await outbox.add([
      callback('old_delivered', 31, 'DELIVERED'),
      callback('old_failed', 31, 'FAILED'),
      callback('old_pending', 31, 'PENDING'),
      callback('young_delivered', 29, 'DELIVERED'),
    ]);
    await t.app.get(Sweeper).purge();
    const left = async (id: string): Promise<number> =>
      (await outbox.forMessage(`msg_${id}`)).length;
    expect(await left('old_delivered')).toBe(0);
    expect(await left('old_failed')).toBe(0);
    expect(await left('old_pending')).toBe(1);
    expect(await left('young_delivered')).toBe(1);
  });
});
