import { writeFileSync } from 'node:fs';
import {
  allFinal,
  deployment,
  issueKey,
  kill9,
  recorded,
  sendCounts,
  sendMany,
  startInstance as start,
  statuses,
  tearDown,
} from '../support/deployment';
import { until } from '../support/polling';

/**
 * Messages in the two-instance test: 2,000, the count the pipeline promises; a few minutes on
 * FerretDB. `CRASH_TEST_MESSAGES` sets a smaller count for a quick local run.
 */
const COUNT = Number(process.env.CRASH_TEST_MESSAGES ?? 2000);
/** So that the killed worker's claim lapses within the test, not after a minute. */
const SHORT_CLAIMS = { DISPATCH_CLAIM_SECONDS: '3' };

describe('crash safety with separate processes (FerretDB + Redis)', () => {
  it('loses nothing when killed -9 with work queued and a send in flight', async () => {
    const d = deployment(5, { delayMs: 300 });
    let { server, base } = await start(d, { DISPATCH_CONCURRENCY: '1', ...SHORT_CLAIMS });
    try {
      const key = await issueKey(base);
      const ids = await sendMany(base, key, 12, 12);
      await until(() => recorded(d.record).length >= 1, 'a first send to start', 20_000);
      await kill9(server);
      expect(recorded(d.record).length).toBeLessThan(ids.length);

      ({ server, base } = await start(d, SHORT_CLAIMS));
      await until(() => allFinal(base, key, ids), 'every message to reach a final status', 120_000);
      const final = await statuses(base, key, ids);
      expect([...final.values()]).toEqual(Array(ids.length).fill('SENT'));
      const sent = recorded(d.record);
      // Every message was sent; only one that was in flight at the kill may have gone twice.
      expect(new Set(sent)).toEqual(new Set(ids));
      expect(sent.length - ids.length).toBeLessThanOrEqual(1);
    } finally {
      await tearDown(d, [{ server, base }]);
    }
  }, 200_000);

  it(`sends each of ${COUNT} messages exactly once with two instances on one MongoDB and Redis`, async () => {
    const d = deployment(6, {});
    const first = await start(d);
    const second = await start(d);
    const dump = (): void => {
      if (process.env.CRASH_DUMP)
        writeFileSync(
          process.env.CRASH_DUMP,
          `${first.server.output()}\n${second.server.output()}`,
        );
    };
    try {
      const key = await issueKey(first.base);
      const ids = (
        await Promise.all([
          sendMany(first.base, key, COUNT / 2, 25),
          sendMany(second.base, key, COUNT / 2, 25),
        ])
      ).flat();
      await until(() => recorded(d.record).length >= ids.length, `all ${COUNT} sends`, 900_000);
      // Give a would-be duplicate time to show up.
      await new Promise((resolve) => setTimeout(resolve, 2000));
      const sent = recorded(d.record);
      const counts = sendCounts(sent);
      const twice = [...counts].filter(([, n]) => n > 1).map(([id]) => id);
      const unknown = [...counts.keys()].filter((id) => !ids.includes(id));
      const logs = `${first.server.output()}\n${second.server.output()}`;
      const context = twice.flatMap((id) => logs.split('\n').filter((line) => line.includes(id)));
      expect({ twice, unknown, context }).toEqual({ twice: [], unknown: [], context: [] });
      expect(counts.size).toBe(ids.length);
    } finally {
      dump();
      await tearDown(d, [first, second]);
    }
  }, 1_000_000);
});
