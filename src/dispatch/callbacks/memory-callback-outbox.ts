import { Injectable } from '@nestjs/common';
import {
  CallbackOutbox,
  type CallbackOutcome,
  type CallbackRecord,
  SETTLED_STATES,
} from './callback-outbox';

/** The embedded default's outbox: one process's callbacks, gone when it stops. */
@Injectable()
export class MemoryCallbackOutbox extends CallbackOutbox {
  private readonly records = new Map<string, CallbackRecord>();
  /** Record id → the end of the lease it is tried under. */
  private readonly leases = new Map<string, Date>();

  add(records: readonly CallbackRecord[]): Promise<void> {
    for (const record of records) this.records.set(record.id, record);
    return Promise.resolve();
  }

  lease(now: Date, leaseUntil: Date): Promise<CallbackRecord | undefined> {
    const pending = [...this.records.values()]
      .filter((record) => record.state === 'PENDING')
      .sort((a, b) => a.sequence - b.sequence);
    const leased = pending.find(
      (record) =>
        record.nextTryAt <= now &&
        (this.leases.get(record.id) ?? now) <= now &&
        !pending.some(
          (other) => other.messageId === record.messageId && other.sequence < record.sequence,
        ),
    );
    if (leased) this.leases.set(leased.id, leaseUntil);
    return Promise.resolve(leased);
  }

  settle(id: string, outcome: CallbackOutcome): Promise<void> {
    const record = this.records.get(id);
    this.leases.delete(id);
    if (record?.state === 'PENDING') {
      this.records.set(id, {
        ...record,
        tries: [...record.tries, outcome.try],
        state: outcome.state,
        nextTryAt: outcome.nextTryAt,
      });
    }
    return Promise.resolve();
  }

  forMessage(messageId: string): Promise<CallbackRecord[]> {
    return Promise.resolve(
      [...this.records.values()]
        .filter((record) => record.messageId === messageId)
        .sort((a, b) => a.sequence - b.sequence),
    );
  }

  pending(): Promise<number> {
    let count = 0;
    for (const record of this.records.values()) if (record.state === 'PENDING') count += 1;
    return Promise.resolve(count);
  }

  purgeSettled(before: Date): Promise<number> {
    let purged = 0;
    for (const record of this.records.values()) {
      if (!SETTLED_STATES.includes(record.state) || record.createdAt > before) continue;
      this.records.delete(record.id);
      purged += 1;
    }
    return Promise.resolve(purged);
  }
}
