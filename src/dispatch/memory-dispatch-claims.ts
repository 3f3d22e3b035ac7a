import { Injectable } from '@nestjs/common';
import { compact, MemoryMessages } from '../message-log/memory-messages';
import type { Message } from '../message-log/message.model';
import {
  type AttemptResult,
  DispatchClaims,
  dueOrder,
  type DueMessage,
  providerMessageIdsOf,
  isWaiting,
  pendingStatusOf,
} from './dispatch-claims';

/** Pending and due, or being sent under a claim that has lapsed. */
const isDue = (message: Message, at: Date): boolean =>
  isWaiting(message, at) ||
  (message.status === 'SENDING' && message.claim !== undefined && message.claim.expiresAt <= at);

/** Claims on the memory message log's records: one process, so every step is atomic. */
@Injectable()
export class MemoryDispatchClaims extends DispatchClaims {
  constructor(private readonly messages: MemoryMessages) {
    super();
  }

  claim(id: string, owner: string, now: Date, leaseMs: number): Promise<Message | undefined> {
    const message = this.messages.get(id);
    if (!message || !isDue(message, now)) return Promise.resolve(undefined);
    const claimed: Message = {
      ...message,
      status: 'SENDING',
      claim: { owner, expiresAt: new Date(now.getTime() + leaseMs) },
      updatedAt: now,
    };
    this.messages.save(claimed);
    return Promise.resolve(claimed);
  }

  complete(
    id: string,
    owner: string,
    result: AttemptResult,
    now: Date,
  ): Promise<Message | undefined> {
    const message = this.heldBy(id, owner);
    if (!message) return Promise.resolve(undefined);
    const brought = providerMessageIdsOf(result).filter(
      (id) => !message.providerMessageIds.includes(id),
    );
    const completed = compact<Message>({
      ...message,
      status: result.status,
      route: result.route,
      nextAttemptAt: result.nextAttemptAt,
      claim: undefined,
      attempts: [...message.attempts, result.attempt],
      events: [...message.events, ...result.events],
      providerMessageIds:
        brought.length === 0
          ? message.providerMessageIds
          : [...message.providerMessageIds, ...brought],
      providerStatus: result.providerStatus ?? message.providerStatus,
      updatedAt: now,
    });
    this.messages.save(completed);
    return Promise.resolve(completed);
  }

  release(id: string, owner: string, now: Date): Promise<void> {
    const message = this.heldBy(id, owner);
    // A claim that has lapsed is one any worker may take (see `isDue`).
    if (message?.claim) {
      this.messages.save({ ...message, claim: { owner, expiresAt: now }, updatedAt: now });
    }
    return Promise.resolve();
  }

  defer(id: string, owner: string, until: Date, now: Date): Promise<boolean> {
    const message = this.heldBy(id, owner);
    if (!message) return Promise.resolve(false);
    this.messages.save(
      compact<Message>({
        ...message,
        status: pendingStatusOf(message),
        claim: undefined,
        nextAttemptAt: until,
        updatedAt: now,
      }),
    );
    return Promise.resolve(true);
  }

  oldestWaiting(now: Date): Promise<Date | undefined> {
    const due = this.messages
      .unfinished()
      .filter((message) => isWaiting(message, now))
      .map(({ nextAttemptAt }) => nextAttemptAt?.getTime() ?? now.getTime());
    return Promise.resolve(due.length > 0 ? new Date(Math.min(...due)) : undefined);
  }

  findDue(dueBefore: Date, limit: number): Promise<readonly DueMessage[]> {
    const due = this.messages.unfinished().filter((message) => isDue(message, dueBefore));
    due.sort(dueOrder);
    return Promise.resolve(
      due.slice(0, limit).map(({ id, priority, attempts, status }) => ({
        id,
        priority,
        attempts: attempts.length,
        lapsed: status === 'SENDING',
      })),
    );
  }

  /** Nothing to purge: claims in memory keep no lock records. */
  purgeExpired(): Promise<void> {
    return Promise.resolve();
  }

  private heldBy(id: string, owner: string): Message | undefined {
    const message = this.messages.get(id);
    return message?.status === 'SENDING' && message.claim?.owner === owner ? message : undefined;
  }
}
