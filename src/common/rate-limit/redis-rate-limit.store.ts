import { Injectable } from '@nestjs/common';
import { Clock } from '../clock/clock';
import { RedisConnection, type LuaScript } from '../redis/redis.connection';
import { RateLimitStore } from './rate-limit.store';
import { RedisFailureWarning } from './redis-failure-warning';
import { decide, type WindowDecision } from './sliding-window';

/**
 * One round trip per hit: read both windows, count the hit if the sliding estimate allows it
 * (and `ARGV[3]` is 1: a peek counts nothing). Redis's own clock is used so that every instance
 * agrees on window boundaries.
 */
const HIT_SCRIPT: LuaScript = {
  name: 'switchboardRateLimitHit',
  keys: 1,
  source: `
local windowMs = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local count = tonumber(ARGV[3])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local window = math.floor(now / windowMs)
local elapsed = now - window * windowMs
local currentKey = KEYS[1] .. ':' .. window
local current = tonumber(redis.call('GET', currentKey) or '0')
local previous = tonumber(redis.call('GET', KEYS[1] .. ':' .. (window - 1)) or '0')
local allowed = 0
if previous * (windowMs - elapsed) / windowMs + current < limit then
  if count == 1 then
    current = redis.call('INCR', currentKey)
    if current == 1 then redis.call('PEXPIRE', currentKey, windowMs * 2) end
  end
  allowed = 1
end
return { allowed, current, previous, elapsed }
`,
};

const KEY_PREFIX = 'switchboard:rl:';

@Injectable()
export class RedisRateLimitStore extends RateLimitStore {
  private readonly failure: RedisFailureWarning;

  constructor(
    private readonly redis: RedisConnection,
    clock: Clock,
  ) {
    super();
    this.failure = new RedisFailureWarning(RedisRateLimitStore.name, 'rate limiting is off', clock);
  }

  hit(key: string, limit: number, windowMs: number): Promise<WindowDecision> {
    return this.measure(key, limit, windowMs, 1);
  }

  peek(key: string, limit: number, windowMs: number): Promise<WindowDecision> {
    return this.measure(key, limit, windowMs, 0);
  }

  private async measure(
    key: string,
    limit: number,
    windowMs: number,
    count: 0 | 1,
  ): Promise<WindowDecision> {
    try {
      // The hash tag keeps both windows of a key in one slot on a Redis Cluster.
      const reply = await this.redis.run(
        HIT_SCRIPT,
        [`${KEY_PREFIX}{${key}}`],
        [windowMs, limit, count],
      );
      const [allowed, current, previous, elapsedMs] = reply as [number, number, number, number];
      return decide({ current, previous, elapsedMs }, allowed === 1, limit, windowMs);
    } catch (error) {
      return this.failOpen(error, limit);
    }
  }

  /** A rate limiter that is down must not take the API down with it: let the hit through. */
  private failOpen(error: unknown, limit: number): WindowDecision {
    this.failure.warn(error);
    return { allowed: true, used: 0, remaining: limit, resetSeconds: 60, retryAfterSeconds: 0 };
  }
}
