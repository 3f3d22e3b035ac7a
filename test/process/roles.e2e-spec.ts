import { setTimeout as sleep } from 'node:timers/promises';
import {
  allFinal,
  deployment,
  issueKey,
  kill9,
  recorded,
  type RunningInstance,
  sendCounts,
  sendMany,
  startKept,
  statuses,
  tearDown,
} from '../support/deployment';
import { until } from '../support/polling';

/** Messages through the API processes: 2,000; `ROLES_TEST_MESSAGES` sets fewer for a quick run. */
const COUNT = Number(process.env.ROLES_TEST_MESSAGES ?? 2000);
/** Of those, sent before any worker runs. */
const FIRST = 50;
const API = { ROLE: 'api' };
/** Claims that lapse within the test, so that a killed worker's messages come back quickly. */
const WORKER = { ROLE: 'worker', DISPATCH_CLAIM_SECONDS: '3', DISPATCH_CONCURRENCY: '16' };

describe('API and worker processes (ROLE), FerretDB + Redis', () => {
  it(`sends each of ${COUNT} messages accepted by 2 API processes exactly once from 2 worker processes`, async () => {
    const d = deployment(7, {});
    const running: RunningInstance[] = [];
    try {
      const apis = [await startKept(d, running, API), await startKept(d, running, API)];
      const key = await issueKey(apis[0].base);
      const through = (count: number): Promise<string[]> =>
        Promise.all(apis.map(({ base }) => sendMany(base, key, count / 2, 25))).then((sent) =>
          sent.flat(),
        );
      // API processes run no dispatcher: nothing leaves before a worker runs.
      const early = await through(FIRST);
      await sleep(1_000);
      expect(recorded(d.record)).toEqual([]);
      expect(new Set((await statuses(apis[1].base, key, early)).values())).toEqual(
        new Set(['QUEUED']),
      );

      await startKept(d, running, WORKER);
      await startKept(d, running, WORKER);
      const ids = [...early, ...(await through(COUNT - FIRST))];
      await until(() => recorded(d.record).length >= ids.length, `all ${COUNT} sends`, 600_000);
      // Give a would-be duplicate time to show up.
      await sleep(2_000);
      const counts = sendCounts(recorded(d.record));
      const twice = [...counts].filter(([, n]) => n > 1).map(([id]) => id);
      expect(twice).toEqual([]);
      expect(new Set(counts.keys())).toEqual(new Set(ids));
      await until(() => allFinal(apis[0].base, key, ids), 'every status recorded', 60_000);
      expect(new Set((await statuses(apis[0].base, key, ids)).values())).toEqual(new Set(['SENT']));
    } finally {
      await tearDown(d, running);
    }
  }, 900_000);

  it('loses nothing when one of two workers is killed -9 mid-run', async () => {
    // Each send takes a while, so that the kill finds sends in flight and a backlog behind them.
    const d = deployment(8, { delayMs: 20 });
    const running: RunningInstance[] = [];
    try {
      const api = await startKept(d, running, API);
      const workers = [await startKept(d, running, WORKER), await startKept(d, running, WORKER)];
      const key = await issueKey(api.base);
      const ids = await sendMany(api.base, key, 200, 25);
      await until(() => recorded(d.record).length >= 50, 'a quarter of the sends', 120_000);
      await kill9(workers[0].server);
      expect(recorded(d.record).length).toBeLessThan(ids.length);

      await until(() => allFinal(api.base, key, ids), 'every message to be final', 300_000);
      expect(new Set((await statuses(api.base, key, ids)).values())).toEqual(new Set(['SENT']));
      const sent = recorded(d.record);
      expect(new Set(sent)).toEqual(new Set(ids));
      // Only sends in flight at the kill (at most its concurrency) may have gone twice.
      expect(sent.length - ids.length).toBeLessThanOrEqual(Number(WORKER.DISPATCH_CONCURRENCY));
    } finally {
      await tearDown(d, running);
    }
  }, 600_000);

  it('serves only health and metrics from a worker process', async () => {
    const d = deployment(9, {});
    const running: RunningInstance[] = [];
    try {
      const worker = await startKept(d, running, WORKER);
      for (const path of ['/health', '/health/ready', '/metrics'])
        expect((await fetch(`${worker.base}${path}`)).status).toBe(200);
      const send = await fetch(`${worker.base}/messages/sms`, {
        method: 'POST',
        headers: { 'x-api-key': 'sb_anything', 'content-type': 'application/json' },
        body: JSON.stringify({ to: '+14155550100', body: 'hello' }),
      });
      expect(send.status).toBe(404);
      expect(await send.json()).toMatchObject({ code: 'NOT_FOUND' });
      for (const path of ['/messages', '/apps', '/version', '/me'])
        expect((await fetch(`${worker.base}${path}`)).status).toBe(404);
      expect((await fetch(new URL('/docs-json', worker.base))).status).toBe(404);
    } finally {
      await tearDown(d, running);
    }
  }, 120_000);
});
