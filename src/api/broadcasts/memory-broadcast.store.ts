import { Injectable } from '@nestjs/common';
import { DuplicateKeyError } from '../../common/database/persistence-errors';
import type { Broadcast } from './broadcast.model';
import {
  type BroadcastInsertOutcome,
  type BroadcastScope,
  BroadcastStore,
  inScope,
  keyIsLive,
} from './broadcast.store';

const slotOf = (appId: string, key: string): string => `${appId}\u0000${key}`;

/** The embedded default: one process's broadcasts, gone when it stops. */
@Injectable()
export class MemoryBroadcastStore extends BroadcastStore {
  private readonly broadcasts = new Map<string, Broadcast>();
  /** App and key → the id of the broadcast holding the key. */
  private readonly keys = new Map<string, string>();

  insert(broadcast: Broadcast): Promise<BroadcastInsertOutcome> {
    const { idempotencyKey: key } = broadcast;
    const holder = key === undefined ? undefined : this.holderOf(broadcast.appId, key);
    if (holder && keyIsLive(holder, broadcast.createdAt)) {
      return Promise.resolve({ kind: 'replayed', broadcast: holder });
    }
    if (this.broadcasts.has(broadcast.id)) {
      return Promise.reject(new DuplicateKeyError(`Broadcast ${broadcast.id} exists.`));
    }
    this.broadcasts.set(broadcast.id, broadcast);
    if (key !== undefined) this.keys.set(slotOf(broadcast.appId, key), broadcast.id);
    return Promise.resolve({ kind: 'created', broadcast });
  }

  get(scope: BroadcastScope, id: string, now: Date): Promise<Broadcast | undefined> {
    const broadcast = this.broadcasts.get(id);
    const visible = broadcast && inScope(scope, broadcast) && broadcast.expiresAt > now;
    return Promise.resolve(visible ? broadcast : undefined);
  }

  findByKey(appId: string, key: string, now: Date): Promise<Broadcast | undefined> {
    const holder = this.holderOf(appId, key);
    return Promise.resolve(holder && keyIsLive(holder, now) ? holder : undefined);
  }

  private holderOf(appId: string, key: string): Broadcast | undefined {
    const id = this.keys.get(slotOf(appId, key));
    return id === undefined ? undefined : this.broadcasts.get(id);
  }
}
