import { type DynamicModule, Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import type { Settings } from '../config/settings';
import { oncePerSettings } from '../modules/once-per-settings';
import { MemoryRateLimitStore } from './memory-rate-limit.store';
import { RateLimitStore } from './rate-limit.store';
import { RedisRateLimitStore } from './redis-rate-limit.store';
import { SlidingWindowThrottlerStorage } from './sliding-window.throttler-storage';

const WINDOW_MS = 60_000;

/**
 * The sliding-window store: Redis when REDIS_URL is set (shared by instances), else memory.
 * One instance, whichever module imports it: the throttler and the rate-limit guard.
 */
@Module({})
export class RateLimitStoreModule {
  static readonly forRoot = oncePerSettings((settings): DynamicModule => ({
    module: RateLimitStoreModule,
    providers: [
      {
        provide: RateLimitStore,
        useClass: settings.redisUrl ? RedisRateLimitStore : MemoryRateLimitStore,
      },
    ],
    exports: [RateLimitStore],
  }));
}

/**
 * @nestjs/throttler on that store: one one-minute window, limits chosen per caller by the guard.
 * The throttler module is global (the library makes it so): the guard of every route uses it.
 */
export const rateLimitModule = (settings: Settings): DynamicModule =>
  ThrottlerModule.forRootAsync({
    imports: [RateLimitStoreModule.forRoot(settings)],
    inject: [RateLimitStore],
    useFactory: (store: RateLimitStore) => ({
      throttlers: [{ name: 'default', ttl: WINDOW_MS, limit: settings.rateLimit.perMinute }],
      storage: new SlidingWindowThrottlerStorage(store),
    }),
  });
