import { type DynamicModule, Module } from '@nestjs/common';
import type { Settings } from '../config/settings';
import { LocalRelay, ProcessRelay } from './process-relay';
import { RedisRelay } from './redis-relay';
import { RedisConnection } from './redis.connection';

/**
 * Provides `RedisConnection` when `REDIS_URL` is set, and the `ProcessRelay` between processes
 * (over Redis pub/sub then, else one process alone). Global, like the database connection: it
 * is infrastructure, the one Redis client and the one relay of the process whichever module
 * needs them.
 */
@Module({})
export class RedisModule {
  static forRoot(settings: Settings): DynamicModule {
    const url = settings.redisUrl;
    if (!url) {
      return {
        module: RedisModule,
        global: true,
        providers: [{ provide: ProcessRelay, useClass: LocalRelay }],
        exports: [ProcessRelay],
      };
    }
    return {
      module: RedisModule,
      global: true,
      providers: [
        { provide: RedisConnection, useFactory: () => new RedisConnection(url) },
        { provide: ProcessRelay, useClass: RedisRelay },
      ],
      exports: [RedisConnection, ProcessRelay],
    };
  }
}
