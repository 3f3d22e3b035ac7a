import { setTimeout as sleep } from 'node:timers/promises';
import type TestAgent from 'supertest/lib/agent';

/** How long `GET /health/live` may take while an attack runs. */
export const STALL_BUDGET_MS = 200;
/** Pause between two probes: often enough to land inside a stall of a few hundred ms. */
const PROBE_PAUSE_MS = 20;

export interface Probed<T> {
  /** What the attack resolved to. */
  readonly result: T;
  /** The slowest liveness answer seen while the attack ran, in ms. */
  readonly slowestMs: number;
  /** How many liveness answers came back while the attack ran. */
  readonly probes: number;
}

/**
 * Runs `attack` while asking `GET /api/v1/health/live` again and again, each probe timed from
 * its sending to its answer. A request that holds the event loop delays every probe sent
 * meanwhile, so `slowestMs` shows the longest stall the attack caused. The first probe is sent
 * before the attack starts, so at least one overlaps it.
 */
export async function withStallProbe<T>(
  http: TestAgent,
  attack: () => Promise<T>,
): Promise<Probed<T>> {
  // An untimed first probe: the first request a process serves pays for loading code.
  await http.get('/api/v1/health/live');
  const attacking = { running: true };
  let slowestMs = 0;
  let probes = 0;
  const probing = (async () => {
    while (attacking.running) {
      const sent = performance.now();
      const res = await http.get('/api/v1/health/live');
      if (res.status !== 200) throw new Error(`/health/live answered ${res.status}`);
      slowestMs = Math.max(slowestMs, performance.now() - sent);
      probes += 1;
      await sleep(PROBE_PAUSE_MS);
    }
  })();
  let result: T;
  try {
    result = await attack();
  } finally {
    attacking.running = false;
    // The probe in flight when the attack ends counts too: it may be the one it held up.
    await probing;
  }
  return { result, slowestMs, probes };
}

/**
 * Runs `attack` under the stall probe and fails unless every liveness answer came within
 * STALL_BUDGET_MS; resolves to what the attack resolved to.
 */
export async function withoutStall<T>(http: TestAgent, attack: () => Promise<T>): Promise<T> {
  const probed = await withStallProbe(http, attack);
  if (probed.probes === 0) throw new Error('no liveness probe answered while the attack ran');
  if (probed.slowestMs > STALL_BUDGET_MS) {
    throw new Error(
      `/health/live waited ${Math.round(probed.slowestMs)} ms while the attack ran (budget ${STALL_BUDGET_MS} ms)`,
    );
  }
  return probed.result;
}
