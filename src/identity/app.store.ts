import { byText } from '../common/database/keyset';
import type { ApiKeyRecord, App, AppChanges, Page } from './app.model';

/** Apps are listed in id order. */
export const BY_ID = byText('_id');
export const idOf = (app: App): string => app.id;

/**
 * Persistence of apps and their keys. Two adapters: MongoDB and in-memory; both pass the
 * contract suite in test/stores. Key queries other than the credential lookup take the app id.
 */
export abstract class AppStore {
  abstract createApp(app: App): Promise<void>;
  abstract findApp(id: string): Promise<App | undefined>;
  /** Sets the fields given; the app as changed, undefined when there is none. */
  abstract updateApp(id: string, changes: AppChanges): Promise<App | undefined>;
  /** Apps in creation order, `limit` at a time, after the `cursor` of the previous page. */
  abstract listApps(limit: number, cursor?: string): Promise<Page<App>>;

  abstract createKey(key: ApiKeyRecord): Promise<void>;
  /** The credential lookup: by the key's public prefix, across apps. */
  abstract findKeyByPrefix(prefix: string): Promise<ApiKeyRecord | undefined>;
  abstract listKeys(appId: string): Promise<readonly ApiKeyRecord[]>;
  /** Marks the key revoked (first revocation time wins); undefined when the app has no such key. */
  abstract revokeKey(appId: string, keyId: string, at: Date): Promise<ApiKeyRecord | undefined>;
  /** Stores last-use times gathered in memory, in one batch; a later time never goes back. */
  abstract recordKeyUse(lastUse: ReadonlyMap<string, Date>): Promise<void>;
  /**
   * Seals the secrets kept at rest with the current ENCRYPTION_KEY where another key (or none)
   * sealed them; returns how many. The memory adapter keeps nothing at rest.
   */
  abstract resealSecrets(): Promise<number>;
}
