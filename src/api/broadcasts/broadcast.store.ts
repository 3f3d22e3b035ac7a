import type { Broadcast } from './broadcast.model';
import type { AppScope } from '../../identity/app-scope';

/** Reads for one app (API keys), or across apps (admins; broadcast ids are unique everywhere). */
export type BroadcastScope = AppScope | 'every-app';

export type BroadcastInsertOutcome =
  | { readonly kind: 'created'; readonly broadcast: Broadcast }
  /** The key was live for the app: the broadcast that holds it, and nothing was written. */
  | { readonly kind: 'replayed'; readonly broadcast: Broadcast };

/**
 * Persistence of broadcasts. Two adapters, MongoDB and memory, pass one contract suite
 * (test/stores/broadcast-store.contract.ts). An idempotency key is scoped to its app and
 * lives until the broadcast's `idempotencyExpiresAt`; an expired broadcast is not found.
 */
export abstract class BroadcastStore {
  /** Stores a broadcast; with a key that is live for the app, the first holder wins, even in a race. */
  abstract insert(broadcast: Broadcast): Promise<BroadcastInsertOutcome>;
  abstract get(scope: BroadcastScope, id: string, now: Date): Promise<Broadcast | undefined>;
  /** The broadcast holding the app's key at `now`, if any. */
  abstract findByKey(appId: string, key: string, now: Date): Promise<Broadcast | undefined>;
}

export const inScope = (scope: BroadcastScope, broadcast: Broadcast): boolean =>
  scope === 'every-app' || broadcast.appId === scope.appId;

export const keyIsLive = (broadcast: Broadcast, now: Date): boolean =>
  broadcast.idempotencyExpiresAt !== undefined && broadcast.idempotencyExpiresAt > now;
