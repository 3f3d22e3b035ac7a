import { Injectable } from '@nestjs/common';
import { pageOf } from '../common/database/keyset';
import { DuplicateKeyError } from '../common/database/persistence-errors';
import type { ApiKeyRecord, App, AppChanges, Page } from './app.model';
import { AppStore, BY_ID, idOf } from './app.store';

/** The embedded default: one process's apps and keys, gone when it stops. */
@Injectable()
export class MemoryAppStore extends AppStore {
  private readonly apps = new Map<string, App>();
  private readonly keys = new Map<string, ApiKeyRecord>();
  private readonly keyIdsByPrefix = new Map<string, string>();

  createApp(app: App): Promise<void> {
    if (this.apps.has(app.id))
      return Promise.reject(new DuplicateKeyError(`App ${app.id} exists.`));
    this.apps.set(app.id, app);
    return Promise.resolve();
  }

  findApp(id: string): Promise<App | undefined> {
    return Promise.resolve(this.apps.get(id));
  }

  updateApp(id: string, changes: AppChanges): Promise<App | undefined> {
    const app = this.apps.get(id);
    if (!app) return Promise.resolve(undefined);
    const changed = { ...app, ...changes };
    this.apps.set(id, changed);
    return Promise.resolve(changed);
  }

  listApps(limit: number, cursor?: string): Promise<Page<App>> {
    return Promise.resolve(pageOf([...this.apps.values()], BY_ID, { limit, after: cursor }, idOf));
  }

  createKey(key: ApiKeyRecord): Promise<void> {
    if (this.keyIdsByPrefix.has(key.prefix)) {
      return Promise.reject(new DuplicateKeyError(`Key prefix ${key.prefix} exists.`));
    }
    this.keys.set(key.id, key);
    this.keyIdsByPrefix.set(key.prefix, key.id);
    return Promise.resolve();
  }

  findKeyByPrefix(prefix: string): Promise<ApiKeyRecord | undefined> {
    const id = this.keyIdsByPrefix.get(prefix);
    return Promise.resolve(id === undefined ? undefined : this.keys.get(id));
  }

  listKeys(appId: string): Promise<readonly ApiKeyRecord[]> {
    const owned = [...this.keys.values()].filter((key) => key.appId === appId);
    return Promise.resolve(owned.sort((a, b) => a.id.localeCompare(b.id)));
  }

  revokeKey(appId: string, keyId: string, at: Date): Promise<ApiKeyRecord | undefined> {
    const key = this.keys.get(keyId);
    if (key?.appId !== appId) return Promise.resolve(undefined);
    const revoked = key.revokedAt ? key : { ...key, revokedAt: at };
    this.keys.set(keyId, revoked);
    return Promise.resolve(revoked);
  }

  resealSecrets(): Promise<number> {
    return Promise.resolve(0);
  }

  recordKeyUse(lastUse: ReadonlyMap<string, Date>): Promise<void> {
    for (const [keyId, at] of lastUse) {
      const key = this.keys.get(keyId);
      if (key && (!key.lastUsedAt || key.lastUsedAt < at))
        this.keys.set(keyId, { ...key, lastUsedAt: at });
    }
    return Promise.resolve();
  }
}
