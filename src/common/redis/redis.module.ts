import { type DynamicModule, Module } from '@nestjs/common';
import type { Settings } from '../config/settings';
import { RedisConnection } from './redis.connection';

/**
 * Provides `RedisConnection` when `REDIS_URL` is set, and nothing otherwise. Global, like the
 * database connection: it is infrastructure, the one Redis client of the process whichever
 * module needs it.
 */
@Module({})
export class RedisModule {
  static forRoot(settings: Settings): DynamicModule {
    const url = settings.redisUrl;
    if (!url) return { module: RedisModule, global: true };
    return {
      module: RedisModule,
      global: true,
      providers: [{ provide: RedisConnection, useFactory: () => new RedisConnection(url) }],
      exports: [RedisConnection],
    };
  }
}
