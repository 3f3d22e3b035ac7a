import type { Broadcast } from './broadcast.model';
import type { AppScope } from '../../identity/app-scope';

/** Reads for one app (API keys), or across apps (admins; broadcast ids are unique everywhere). */
export type BroadcastScope = AppScope | 'every-app';

/**
 * Persistence of broadcasts. Two adapters, MongoDB and memory, pass one contract suite
 * (test/stores/broadcast-store.contract.ts). An expired broadcast is not found. Idempotency
 * keys live in `IdempotencyKeys`, which names the broadcast a key made.
 */
export abstract class BroadcastStore {
  /** Stores a broadcast; a DuplicateKeyError when its id is taken. */
  abstract insert(broadcast: Broadcast): Promise<void>;
  abstract get(scope: BroadcastScope, id: string, now: Date): Promise<Broadcast | undefined>;
}

export const inScope = (scope: BroadcastScope, broadcast: Broadcast): boolean =>
  scope === 'every-app' || broadcast.appId === scope.appId;
