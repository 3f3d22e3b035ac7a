import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import Redis, { type RedisOptions } from 'ioredis';

export interface LuaScript {
  readonly name: string;
  readonly keys: number;
  readonly source: string;
}

/** The one Redis client of the process: scripts, publishing, health pings, shutdown. */
export class RedisConnection implements OnApplicationShutdown {
  private readonly logger = new Logger(RedisConnection.name);
  private readonly client: Redis;
  private readonly defined = new Set<string>();

  constructor(url: string) {
    this.client = new Redis(url, {
      // Fail a command fast while Redis is away instead of queueing it for ever.
      maxRetriesPerRequest: 1,
      enableOfflineQueue: true,
      connectTimeout: 5_000,
      lazyConnect: false,
    });
    this.client.on('error', (error: Error) => {
      this.logger.warn(`redis: ${error.message}`);
    });
  }

  /** Runs a Lua script by its SHA, loading it on first use (ioredis retries on NOSCRIPT). */
  async run(
    script: LuaScript,
    keys: readonly string[],
    args: readonly (string | number)[],
  ): Promise<unknown> {
    if (!this.defined.has(script.name)) {
      this.client.defineCommand(script.name, { numberOfKeys: script.keys, lua: script.source });
      this.defined.add(script.name);
    }
    // defineCommand adds a method named after the script; ioredis's types cannot know it.
    const commands = this.client as unknown as Partial<
      Record<string, (...a: (string | number)[]) => Promise<unknown>>
    >;
    const command = commands[script.name];
    if (!command) throw new Error(`redis script ${script.name} is not defined`);
    return command.call(this.client, ...keys, ...args);
  }

  async publish(channel: string, message: string): Promise<void> {
    await this.client.publish(channel, message);
  }

  /** A connection of its own with the same options: a subscribed one takes no other commands. */
  duplicate(options: Partial<RedisOptions>): Redis {
    return this.client.duplicate(options);
  }

  async ping(): Promise<void> {
    await this.client.ping();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.quit().catch(() => undefined);
  }
}
