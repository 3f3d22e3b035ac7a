import { randomBytes } from 'node:crypto';
import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type Redis from 'ioredis';
import { RedisConnection } from './redis.connection';
import { ProcessRelay, type RelayListener } from './process-relay';

interface Channel {
  readonly listeners: RelayListener[];
  /** Settles once the first subscription to the channel is confirmed or has failed. */
  readonly subscribed: Promise<void>;
}

/**
 * The relay over Redis pub/sub. Publishing goes through the process's Redis client; hearing
 * through ONE subscriber connection per process, opened when something first listens (worker
 * processes that hold no listener open none), whatever the number of listeners.
 *
 * After a reconnect the connection subscribes again and listeners are told `resumed`: pub/sub
 * keeps nothing for a subscriber that was away, so they read what they may have missed from
 * where it is stored.
 */
@Injectable()
export class RedisRelay extends ProcessRelay implements OnApplicationShutdown {
  private readonly logger = new Logger(RedisRelay.name);
  /** Tells this process's messages from the others' on a shared channel. */
  private readonly origin = randomBytes(9).toString('base64url');
  private readonly channels = new Map<string, Channel>();
  private subscriber?: Redis;
  /** The connection closed (or a subscription failed) since channels were last subscribed. */
  private stale = false;

  constructor(private readonly redis: RedisConnection) {
    super();
  }

  publish(channel: string, text: string): void {
    this.redis.publish(channel, `${this.origin} ${text}`).catch((error: unknown) => {
      this.logger.warn(`redis: publishing on ${channel} failed: ${String(error)}`);
    });
  }

  listen(channel: string, listener: RelayListener): Promise<void> {
    const known = this.channels.get(channel);
    if (known) {
      known.listeners.push(listener);
      return known.subscribed;
    }
    const subscriber = this.subscriber ?? this.connect();
    const subscribed = subscriber.subscribe(channel).then(
      () => undefined,
      (error: unknown) => {
        // Listeners still hear their own process; the next connection subscribes again.
        this.stale = true;
        this.logger.warn(`redis subscriber: subscribing to ${channel} failed: ${String(error)}`);
      },
    );
    this.channels.set(channel, { listeners: [listener], subscribed });
    return subscribed;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscriber?.quit().catch(() => undefined);
  }

  private connect(): Redis {
    // Subscribes again itself on each connection, to know when hearing has resumed.
    const subscriber = this.redis.duplicate({ autoResubscribe: false });
    this.subscriber = subscriber;
    subscriber.on('error', (error: Error) => {
      this.logger.warn(`redis subscriber: ${error.message}`);
    });
    subscriber.on('close', () => {
      this.stale = true;
    });
    subscriber.on('ready', () => {
      if (this.stale) this.resubscribe(subscriber);
    });
    subscriber.on('message', (channel: string, text: string) => {
      this.hear(channel, text);
    });
    return subscriber;
  }

  private resubscribe(subscriber: Redis): void {
    const channels = [...this.channels.keys()];
    if (channels.length === 0) return;
    subscriber.subscribe(...channels).then(
      () => {
        this.stale = false;
        this.logger.warn('redis subscriber reconnected: listeners catch up from the store');
        for (const { listeners } of this.channels.values())
          for (const listener of listeners) listener.resumed();
      },
      (error: unknown) => {
        this.logger.warn(`redis subscriber: subscribing again failed: ${String(error)}`);
      },
    );
  }

  private hear(channel: string, text: string): void {
    const space = text.indexOf(' ');
    if (space < 0 || text.slice(0, space) === this.origin) return;
    const message = text.slice(space + 1);
    for (const listener of this.channels.get(channel)?.listeners ?? []) listener.message(message);
  }
}
