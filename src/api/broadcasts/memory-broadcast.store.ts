import { Injectable } from '@nestjs/common';
import { DuplicateKeyError } from '../../common/database/persistence-errors';
import type { Broadcast } from './broadcast.model';
import { type BroadcastScope, BroadcastStore, inScope } from './broadcast.store';

/** The embedded default: one process's broadcasts, gone when it stops. */
@Injectable()
export class MemoryBroadcastStore extends BroadcastStore {
  private readonly broadcasts = new Map<string, Broadcast>();

  insert(broadcast: Broadcast): Promise<void> {
    if (this.broadcasts.has(broadcast.id)) {
      return Promise.reject(new DuplicateKeyError(`Broadcast ${broadcast.id} exists.`));
    }
    this.broadcasts.set(broadcast.id, broadcast);
    return Promise.resolve();
  }

  get(scope: BroadcastScope, id: string, now: Date): Promise<Broadcast | undefined> {
    const broadcast = this.broadcasts.get(id);
    const visible = broadcast && inScope(scope, broadcast) && broadcast.expiresAt > now;
    return Promise.resolve(visible ? broadcast : undefined);
  }
}
