import { Injectable } from '@nestjs/common';
import type { Suppression, SuppressionPage } from './suppression.model';
import { pageOf } from '../common/database/keyset';
import {
  type AddOutcome,
  blocks,
  BY_ADDRESS,
  positionOf,
  SuppressionStore,
} from './suppression.store';

/** An address's entries, by topic ('' for the entry about every topic). */
type EntriesOfAddress = Map<string, Suppression>;

/** The embedded default: one process's lists, gone when it stops. */
@Injectable()
export class MemorySuppressionStore extends SuppressionStore {
  /** App id → address → its entries. */
  private readonly byApp = new Map<string, Map<string, EntriesOfAddress>>();

  add(suppression: Suppression): Promise<AddOutcome> {
    const entries = this.entriesOf(suppression.appId, suppression.address);
    const topic = suppression.topic ?? '';
    const standing = entries.get(topic);
    if (standing) return Promise.resolve({ kind: 'exists', suppression: standing });
    entries.set(topic, suppression);
    return Promise.resolve({ kind: 'added', suppression });
  }

  findAmong(
    appId: string,
    addresses: readonly string[],
    topic?: string,
  ): Promise<readonly Suppression[]> {
    const list = this.byApp.get(appId);
    const found = [...new Set(addresses)].flatMap((address) =>
      [...(list?.get(address)?.values() ?? [])].filter((entry) => blocks(entry, topic)),
    );
    return Promise.resolve(found);
  }

  list(appId: string, limit: number, after?: string): Promise<SuppressionPage> {
    const entries = [...(this.byApp.get(appId)?.values() ?? [])].flatMap((byTopic) => [
      ...byTopic.values(),
    ]);
    return Promise.resolve(pageOf(entries, BY_ADDRESS, { limit, after }, positionOf));
  }

  remove(appId: string, address: string, topic?: string): Promise<boolean> {
    const removed =
      this.byApp
        .get(appId)
        ?.get(address)
        ?.delete(topic ?? '') ?? false;
    return Promise.resolve(removed);
  }

  private entriesOf(appId: string, address: string): EntriesOfAddress {
    let list = this.byApp.get(appId);
    if (!list) {
      list = new Map();
      this.byApp.set(appId, list);
    }
    let entries = list.get(address);
    if (!entries) {
      entries = new Map();
      list.set(address, entries);
    }
    return entries;
  }
}
