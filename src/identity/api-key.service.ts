import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock/clock';
import { CryptoService } from '../common/crypto/crypto.service';
import { NotFound } from '../common/errors/api-error';
import { formatApiKey, prefixOf, PREFIX_BYTES, SECRET_BYTES } from './api-key.format';
import { API_KEY_SCOPES, type ApiKeyRecord, type ApiKeyScope, type App } from './app.model';
import { AppStore } from './app.store';
import { KeyUsageRecorder } from './key-usage.recorder';

export interface IssuedKey {
  readonly record: ApiKeyRecord;
  /** The key itself: returned once, never stored. */
  readonly key: string;
}

export interface KeyOwner {
  readonly app: App;
  readonly key: ApiKeyRecord;
}

@Injectable()
export class ApiKeyService {
  constructor(
    private readonly store: AppStore,
    private readonly crypto: CryptoService,
    private readonly clock: Clock,
    private readonly usage: KeyUsageRecorder,
  ) {}

  /** Issues a key for an existing app; without scopes it gets every scope. */
  async issue(appId: string, name?: string, scopes?: readonly ApiKeyScope[]): Promise<IssuedKey> {
    const app = await this.store.findApp(appId);
    if (!app) throw new NotFound(`No app ${appId}.`);
    const now = this.clock.now();
    const { key, prefix } = formatApiKey(
      this.crypto.randomBytes(PREFIX_BYTES).toString('hex'),
      this.crypto.randomToken(SECRET_BYTES),
    );
    const record: ApiKeyRecord = {
      id: this.crypto.newId('key', now),
      appId,
      ...(name ? { name } : {}),
      prefix,
      hash: this.crypto.sha256(key),
      scopes: [...new Set(scopes ?? API_KEY_SCOPES)],
      createdAt: now,
    };
    await this.store.createKey(record);
    return { record, key };
  }

  async list(appId: string): Promise<readonly ApiKeyRecord[]> {
    if (!(await this.store.findApp(appId))) throw new NotFound(`No app ${appId}.`);
    return this.store.listKeys(appId);
  }

  async revoke(appId: string, keyId: string): Promise<void> {
    const revoked = await this.store.revokeKey(appId, keyId, this.clock.now());
    if (!revoked) throw new NotFound(`No key ${keyId} in app ${appId}.`);
  }

  /**
   * The app and key behind a presented key, or undefined for a malformed, unknown or revoked
   * one. The hash comparison is constant-time.
   */
  async authenticate(presented: string): Promise<KeyOwner | undefined> {
    const prefix = prefixOf(presented);
    if (!prefix) return undefined;
    const key = await this.store.findKeyByPrefix(prefix);
    if (!key || key.revokedAt) return undefined;
    if (!this.crypto.equal(this.crypto.sha256(presented), key.hash)) return undefined;
    const app = await this.store.findApp(key.appId);
    if (!app) return undefined;
    this.usage.used(key.id, this.clock.now());
    return { app, key };
  }
}
