import { Injectable } from '@nestjs/common';
import type { Suppression, SuppressionPage } from './suppression.model';
import { pageOf } from '../common/database/keyset';
import { type AddOutcome, addressOf, BY_ADDRESS, SuppressionStore } from './suppression.store';

/** The embedded default: one process's lists, gone when it stops. */
@Injectable()
export class MemorySuppressionStore extends SuppressionStore {
  /** App id → address → entry. */
  private readonly byApp = new Map<string, Map<string, Suppression>>();

  add(suppression: Suppression): Promise<AddOutcome> {
    const entries = this.entriesOf(suppression.appId);
    const standing = entries.get(suppression.address);
    if (standing) return Promise.resolve({ kind: 'exists', suppression: standing });
    entries.set(suppression.address, suppression);
    return Promise.resolve({ kind: 'added', suppression });
  }

  findAmong(appId: string, addresses: readonly string[]): Promise<readonly Suppression[]> {
    const entries = this.byApp.get(appId);
    const found = [...new Set(addresses)]
      .map((address) => entries?.get(address))
      .filter((entry) => entry !== undefined);
    return Promise.resolve(found);
  }

  list(appId: string, limit: number, after?: string): Promise<SuppressionPage> {
    const entries = [...(this.byApp.get(appId)?.values() ?? [])];
    return Promise.resolve(pageOf(entries, BY_ADDRESS, { limit, after }, addressOf));
  }

  remove(appId: string, address: string): Promise<boolean> {
    return Promise.resolve(this.byApp.get(appId)?.delete(address) ?? false);
  }

  private entriesOf(appId: string): Map<string, Suppression> {
    let entries = this.byApp.get(appId);
    if (!entries) {
      entries = new Map();
      this.byApp.set(appId, entries);
    }
    return entries;
  }
}
