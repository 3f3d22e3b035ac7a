import { Logger } from '@nestjs/common';
import { LIMIT_DEFAULTS } from '../common/config/limits';
import { isFinal, type MessageStatus } from '../contract/message-status';
import type { Message } from './message.model';

/** Copies `value` without its undefined properties, so that a cleared field is absent. */
export const compact = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;

/**
 * One process's messages, with the look-ups the memory message log and dispatch claims need;
 * both work on this one table, as their MongoDB twins work on one collection.
 *
 * Bounded, so that the embedded default can run for days: past `maxMessages`, a new message
 * drops the one settled longest ago (sent or final: no worker will touch it again), with a
 * warning the first time. Messages still on their way are never dropped.
 */
/** Sent or final: what is left to happen to it are provider reports at most. */
const isSettled = (status: MessageStatus): boolean => status === 'SENT' || isFinal(status);

export class MemoryMessages {
  private readonly logger = new Logger(MemoryMessages.name);
  private readonly messages = new Map<string, Message>();
  private readonly idsByApp = new Map<string, Set<string>>();
  /** Messages not yet final: the only ones the sweeper's query has to look at. */
  private readonly unfinishedIds = new Set<string>();
  /** A provider's message id → the message it was given for. */
  private readonly idsByProviderMessageId = new Map<string, string>();
  /** Settled messages, in the order they settled: the first to drop when full. */
  private readonly settledIds = new Set<string>();
  private warned = false;

  constructor(private readonly maxMessages: number = LIMIT_DEFAULTS.memoryStoreMaxMessages) {}

  get(id: string): Message | undefined {
    return this.messages.get(id);
  }

  all(): Message[] {
    return [...this.messages.values()];
  }

  ofApp(appId: string): Message[] {
    return this.found(this.idsByApp.get(appId) ?? []);
  }

  unfinished(): Message[] {
    return this.found(this.unfinishedIds);
  }

  byProviderMessageId(providerMessageId: string): Message | undefined {
    const id = this.idsByProviderMessageId.get(providerMessageId);
    return id === undefined ? undefined : this.messages.get(id);
  }

  save(message: Message): void {
    const added = !this.messages.has(message.id);
    this.messages.set(message.id, message);
    let ids = this.idsByApp.get(message.appId);
    if (!ids) {
      ids = new Set();
      this.idsByApp.set(message.appId, ids);
    }
    ids.add(message.id);
    for (const providerMessageId of message.providerMessageIds) {
      this.idsByProviderMessageId.set(providerMessageId, message.id);
    }
    if (isFinal(message.status)) this.unfinishedIds.delete(message.id);
    else this.unfinishedIds.add(message.id);
    if (!isSettled(message.status)) this.settledIds.delete(message.id);
    else if (!this.settledIds.has(message.id)) this.settledIds.add(message.id);
    if (added) this.dropPastCap();
  }

  delete(message: Message): void {
    this.messages.delete(message.id);
    this.idsByApp.get(message.appId)?.delete(message.id);
    this.unfinishedIds.delete(message.id);
    this.settledIds.delete(message.id);
    for (const providerMessageId of message.providerMessageIds) {
      this.idsByProviderMessageId.delete(providerMessageId);
    }
  }

  /** Drops the longest settled messages while the table holds more than `maxMessages`. */
  private dropPastCap(): void {
    for (const id of this.settledIds) {
      if (this.messages.size <= this.maxMessages) return;
      const message = this.messages.get(id);
      if (message) this.delete(message);
      this.warnOnce();
    }
  }

  private warnOnce(): void {
    if (this.warned) return;
    this.warned = true;
    this.logger.warn(
      `The in-memory store holds ${this.maxMessages} messages (MEMORY_STORE_MAX_MESSAGES): from now on each new message drops the one settled longest ago. Set MONGODB_URI to keep them all.`,
    );
  }

  private found(ids: Iterable<string>): Message[] {
    const messages: Message[] = [];
    for (const id of ids) {
      const message = this.messages.get(id);
      if (message) messages.push(message);
    }
    return messages;
  }
}
