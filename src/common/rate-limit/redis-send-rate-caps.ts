import { Injectable } from '@nestjs/common';
import { Clock } from '../clock/clock';
import { type LuaScript, RedisConnection } from '../redis/redis.connection';
import { RedisFailureWarning } from './redis-failure-warning';
import { SendRateCaps, slotMs } from './send-rate-caps';

/** Redis's clock in milliseconds (with fractions): every worker agrees on it. */
const NOW = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + tonumber(time[2]) / 1000
local nextFree = tonumber(redis.call('GET', KEYS[1]) or '0')
`;

/**
 * One round trip per send: the slot is the later of now and the key's next free time, which
 * moves one spacing on. The key expires a second after its last slot has passed.
 */
const RESERVE_SCRIPT: LuaScript = {
  name: 'switchboardSendRateReserve',
  keys: 1,
  source: `${NOW}
local at = math.max(now, nextFree)
local after = at + tonumber(ARGV[1])
redis.call('SET', KEYS[1], string.format('%.3f', after), 'PX', math.ceil(after - now) + 1000)
return math.ceil(at - now)
`,
};

const WAIT_SCRIPT: LuaScript = {
  name: 'switchboardSendRateWait',
  keys: 1,
  source: `${NOW}
return math.max(0, math.ceil(nextFree - now))
`,
};

const KEY_PREFIX = 'switchboard:send-rate:';

/** Caps shared by every worker on one Redis. */
@Injectable()
export class RedisSendRateCaps extends SendRateCaps {
  private readonly failure: RedisFailureWarning;

  constructor(
    private readonly redis: RedisConnection,
    clock: Clock,
  ) {
    super();
    this.failure = new RedisFailureWarning(RedisSendRateCaps.name, 'send-rate caps are off', clock);
  }

  async reserve(key: string, perSecond: number): Promise<number> {
    try {
      return Number(await this.redis.run(RESERVE_SCRIPT, [keyOf(key)], [slotMs(perSecond)]));
    } catch (error) {
      return this.sendUncapped(error);
    }
  }

  async currentWait(key: string): Promise<number> {
    return Number(await this.redis.run(WAIT_SCRIPT, [keyOf(key)], []));
  }

  /**
   * Redis failing must not stop sending, whose queue lives there too: the send goes now, and a
   * provider that refuses the extra rate answers RATE_LIMITED, which is retried.
   */
  private sendUncapped(error: unknown): number {
    this.failure.warn(error);
    return 0;
  }
}

/** The hash tag keeps a key in one slot of a Redis Cluster. */
const keyOf = (key: string): string => `${KEY_PREFIX}{${key}}`;
