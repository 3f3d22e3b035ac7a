import { Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { Clock } from '../../src/common/clock/clock';
import { MemorySendRateCaps } from '../../src/common/rate-limit/memory-send-rate-caps';
import { RedisSendRateCaps } from '../../src/common/rate-limit/redis-send-rate-caps';
import { RedisConnection } from '../../src/common/redis/redis.connection';
import { freePort } from '../harness/servers';
import { redisUrl } from '../harness/test-app';
import { aKey, describeSendRateCapsContract, timed, type Timed } from './send-rate-caps.contract';

/** Caps on the harness Redis over a connection of their own, as one worker process has. */
function redisCaps(url = redisUrl()): { caps: RedisSendRateCaps; close: () => Promise<void> } {
  const connection = new RedisConnection(url);
  return {
    caps: new RedisSendRateCaps(connection, new Clock()),
    close: () => connection.onApplicationShutdown(),
  };
}

// First in the file: ioredis leaves a 2 s timer behind when it drops a socket that never
// connected, which would otherwise outlive the run and make Jest wait for it.
describe('RedisSendRateCaps without Redis', () => {
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('lets sends go uncapped rather than stop them, and says so', async () => {
    const warned = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const { caps, close } = redisCaps(`redis://127.0.0.1:${await freePort()}`);
    try {
      expect(await caps.reserve(aKey(), 1)).toBe(0);
      expect(await caps.reserve(aKey(), 1)).toBe(0);
      await expect(caps.currentWait(aKey())).rejects.toThrow();
      expect(warned.mock.calls.map((call) => String(call[0]))).toEqual(
        expect.arrayContaining([expect.stringContaining('send-rate caps are off')]),
      );
    } finally {
      await close();
    }
  });
});

describeSendRateCapsContract('memory', () =>
  Promise.resolve({ caps: new MemorySendRateCaps(new Clock()), close: () => Promise.resolve() }),
);

describeSendRateCapsContract('Redis', () => Promise.resolve(redisCaps()));

describe('RedisSendRateCaps shared by workers', () => {
  const workers = [redisCaps(), redisCaps(), redisCaps()];
  const observer = new Redis(redisUrl());

  afterAll(async () => {
    await Promise.all(workers.map(({ close }) => close()));
    await observer.quit();
  });

  it('gives the workers of one provider distinct slots at its rate, in one round trip each', async () => {
    const key = aKey();
    const started = Date.now();
    const reserved: Timed[] = await Promise.all(
      Array.from({ length: 12 }, (_, i) => timed(() => workers[i % 3].caps.reserve(key, 10))),
    );
    const spread = Date.now() - started;
    const waits = reserved.map(({ waitMs }) => waitMs).sort((a, b) => a - b);
    expect(waits[0]).toBe(0);
    for (const [k, wait] of waits.entries()) {
      expect(Math.abs(wait - waits[0] - 100 * k)).toBeLessThanOrEqual(spread + 2);
    }
  });

  it('keeps a key no longer than a second past its last slot', async () => {
    const key = aKey();
    for (let i = 0; i < 3; i += 1) await workers[0].caps.reserve(key, 2);
    const ttl = await observer.pttl(`switchboard:send-rate:{${key}}`);
    expect(ttl).toBeGreaterThan(1_000);
    expect(ttl).toBeLessThanOrEqual(1_500 + 1_000);
  });
});
