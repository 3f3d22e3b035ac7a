import { Injectable } from '@nestjs/common';
import { isFinal } from '../contract/message-status';
import type { Message } from './message.model';

/** Copies `value` without its undefined properties, so that a cleared field is absent. */
export const compact = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;

/**
 * One process's messages, with the look-ups the memory message log and dispatch claims need;
 * both work on this one table, as their MongoDB twins work on one collection.
 */
@Injectable()
export class MemoryMessages {
  private readonly messages = new Map<string, Message>();
  private readonly idsByApp = new Map<string, Set<string>>();
  /** Messages not yet final: the only ones the sweeper's query has to look at. */
  private readonly unfinishedIds = new Set<string>();
  /** A provider's message id → the message it was given for. */
  private readonly idsByProviderMessageId = new Map<string, string>();

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
  }

  delete(message: Message): void {
    this.messages.delete(message.id);
    this.idsByApp.get(message.appId)?.delete(message.id);
    this.unfinishedIds.delete(message.id);
    for (const providerMessageId of message.providerMessageIds) {
      this.idsByProviderMessageId.delete(providerMessageId);
    }
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
