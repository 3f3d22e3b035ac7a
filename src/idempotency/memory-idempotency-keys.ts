import { Injectable } from '@nestjs/common';
import {
  type KeyAnswer,
  IdempotencyKeys,
  type KeyEntry,
  keyIdOf,
  type KeyName,
} from './idempotency-keys';

const sameEntry = (a: KeyEntry, b: KeyEntry): boolean =>
  a.recordId === b.recordId &&
  a.requestHash === b.requestHash &&
  a.expiresAt.getTime() === b.expiresAt.getTime();

/** The embedded default: one process's keys, gone when it stops. */
@Injectable()
export class MemoryIdempotencyKeys extends IdempotencyKeys {
  private readonly entries = new Map<string, KeyEntry>();

  create(entry: KeyEntry): Promise<boolean> {
    const id = keyIdOf(entry);
    if (this.entries.has(id)) return Promise.resolve(false);
    this.entries.set(id, entry);
    return Promise.resolve(true);
  }

  find(name: KeyName): Promise<KeyEntry | undefined> {
    return Promise.resolve(this.entries.get(keyIdOf(name)));
  }

  replace(existing: KeyEntry, next: KeyEntry): Promise<boolean> {
    const id = keyIdOf(existing);
    const current = this.entries.get(id);
    if (!current || !sameEntry(current, existing)) return Promise.resolve(false);
    this.entries.set(id, next);
    return Promise.resolve(true);
  }

  recordAnswer(name: KeyName, recordId: string, answer: KeyAnswer): Promise<void> {
    const id = keyIdOf(name);
    const current = this.entries.get(id);
    if (current?.recordId === recordId && !current.answer) {
      this.entries.set(id, { ...current, answer });
    }
    return Promise.resolve();
  }

  purgeExpired(now: Date): Promise<number> {
    let purged = 0;
    for (const [id, entry] of this.entries) {
      if (entry.expiresAt > now) continue;
      this.entries.delete(id);
      purged += 1;
    }
    return Promise.resolve(purged);
  }
}
