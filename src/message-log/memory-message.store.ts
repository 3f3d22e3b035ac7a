import { Injectable } from '@nestjs/common';
import { DuplicateKeyError } from '../common/database/persistence-errors';
import type { Message } from './message.model';
import { CANCELABLE_STATUSES, isFinal, PENDING_STATUSES } from '../contract/message-status';
import {
  type AttemptResult,
  type CancelOutcome,
  type DueMessage,
  type MessagePage,
  type MessagePosition,
  type MessageQuery,
  MessageStore,
  reportEffect,
  type ReportOutcome,
} from './message.store';
import { type AppScope } from '../identity/app-scope';
import { type ProviderReport } from '../contract/provider-report';
import type { MessageEvent } from '../contract/message-event';

/** Copies `value` without its undefined properties, so that a cleared field is absent. */
const compact = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;

/** Newest first: createdAt descending, then id descending. */
const newestFirst = (a: MessagePosition, b: MessagePosition): number =>
  b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

/** Pending and due, or being sent under a claim that has lapsed. */
const isDue = (message: Message, at: Date): boolean =>
  (PENDING_STATUSES.includes(message.status) &&
    message.nextAttemptAt !== undefined &&
    message.nextAttemptAt <= at) ||
  (message.status === 'SENDING' && message.claim !== undefined && message.claim.expiresAt <= at);

function matches(message: Message, query: MessageQuery, appId: string | undefined): boolean {
  return (
    (appId === undefined || message.appId === appId) &&
    (query.channel === undefined || message.channel === query.channel) &&
    (query.status === undefined || message.status === query.status) &&
    (query.to === undefined || message.to.includes(query.to)) &&
    (query.after === undefined || message.createdAt >= query.after) &&
    (query.before === undefined || message.createdAt <= query.before) &&
    Object.entries(query.metadata ?? {}).every(([key, value]) => message.metadata[key] === value)
  );
}

/** The embedded default: one process's messages, gone when it stops. */
@Injectable()
export class MemoryMessageStore extends MessageStore {
  private readonly messages = new Map<string, Message>();
  private readonly idsByApp = new Map<string, Set<string>>();
  /** Messages not yet final: the only ones `findDue` has to look at. */
  private readonly unfinishedIds = new Set<string>();
  /** A provider's message id → the message it was given for. */
  private readonly idsByProviderMessageId = new Map<string, string>();

  insert(message: Message): Promise<void> {
    if (this.messages.has(message.id)) {
      return Promise.reject(new DuplicateKeyError(`Message ${message.id} exists.`));
    }
    this.save(message);
    return Promise.resolve();
  }

  get(scope: AppScope, id: string): Promise<Message | undefined> {
    const message = this.messages.get(id);
    return Promise.resolve(message?.appId === scope.appId ? message : undefined);
  }

  list(scope: AppScope, query: MessageQuery): Promise<MessagePage> {
    return Promise.resolve(this.page(query, scope.appId));
  }

  cancel(scope: AppScope, id: string, at: Date): Promise<CancelOutcome> {
    const message = this.messages.get(id);
    if (message?.appId !== scope.appId) return Promise.resolve({ kind: 'not_found' });
    if (!CANCELABLE_STATUSES.includes(message.status)) {
      return Promise.resolve({ kind: 'not_cancelable', status: message.status });
    }
    const canceled = compact<Message>({
      ...message,
      status: 'CANCELED',
      nextAttemptAt: undefined,
      events: [...message.events, { type: 'canceled', at }],
      updatedAt: at,
    });
    this.save(canceled);
    return Promise.resolve({ kind: 'canceled', message: canceled });
  }

  getAcrossApps(id: string): Promise<Message | undefined> {
    return Promise.resolve(this.messages.get(id));
  }

  listAcrossApps(query: MessageQuery & { readonly appId?: string }): Promise<MessagePage> {
    return Promise.resolve(this.page(query, query.appId));
  }

  findByProviderMessageIdAcrossApps(providerMessageId: string): Promise<Message | undefined> {
    const id = this.idsByProviderMessageId.get(providerMessageId);
    return Promise.resolve(id === undefined ? undefined : this.messages.get(id));
  }

  applyProviderReport(
    scope: AppScope,
    id: string,
    report: ProviderReport,
    now: Date,
  ): Promise<ReportOutcome> {
    const message = this.messages.get(id);
    if (message?.appId !== scope.appId) return Promise.resolve({ kind: 'not_found' });
    const effect = reportEffect(message, report);
    if (effect.kind === 'sending') return Promise.resolve({ kind: 'sending' });
    if (effect.kind === 'none') return Promise.resolve({ kind: 'unchanged', message });
    const reported = compact<Message>({
      ...message,
      ...(effect.kind === 'move' ? { status: effect.status, nextAttemptAt: undefined } : {}),
      providerStatus: report.providerStatus,
      events: [...message.events, compact(report.event)],
      updatedAt: now,
    });
    this.save(reported);
    return Promise.resolve({
      kind: effect.kind === 'move' ? 'moved' : 'recorded',
      message: reported,
    });
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
    this.save(claimed);
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
    const providerMessageId = result.attempt.providerMessageId;
    const completed = compact<Message>({
      ...message,
      status: result.status,
      route: result.route,
      nextAttemptAt: result.nextAttemptAt,
      claim: undefined,
      attempts: [...message.attempts, result.attempt],
      events: [...message.events, ...result.events],
      providerMessageIds:
        providerMessageId === undefined || message.providerMessageIds.includes(providerMessageId)
          ? message.providerMessageIds
          : [...message.providerMessageIds, providerMessageId],
      providerStatus: result.providerStatus ?? message.providerStatus,
      updatedAt: now,
    });
    this.save(completed);
    return Promise.resolve(completed);
  }

  release(id: string, owner: string, now: Date): Promise<void> {
    const message = this.heldBy(id, owner);
    // A claim that has lapsed is one any worker may take (see `isDue`).
    if (message?.claim) {
      this.save({ ...message, claim: { owner, expiresAt: now }, updatedAt: now });
    }
    return Promise.resolve();
  }

  appendEvents(id: string, events: readonly MessageEvent[], now: Date): Promise<void> {
    const message = this.messages.get(id);
    if (message && events.length > 0) {
      this.save({ ...message, events: [...message.events, ...events], updatedAt: now });
    }
    return Promise.resolve();
  }

  findDue(dueBefore: Date, limit: number): Promise<readonly DueMessage[]> {
    const due: Message[] = [];
    for (const id of this.unfinishedIds) {
      const message = this.messages.get(id);
      if (message && isDue(message, dueBefore)) due.push(message);
    }
    due.sort(
      (a, b) =>
        b.priority - a.priority ||
        (a.nextAttemptAt?.getTime() ?? 0) - (b.nextAttemptAt?.getTime() ?? 0) ||
        (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    );
    return Promise.resolve(
      due.slice(0, limit).map(({ id, priority, attempts, status }) => ({
        id,
        priority,
        attempts: attempts.length,
        lapsed: status === 'SENDING',
      })),
    );
  }

  purgeExpired(now: Date): Promise<number> {
    let purged = 0;
    for (const message of this.messages.values()) {
      if (message.expiresAt <= now) {
        this.messages.delete(message.id);
        this.idsByApp.get(message.appId)?.delete(message.id);
        this.unfinishedIds.delete(message.id);
        for (const providerMessageId of message.providerMessageIds) {
          this.idsByProviderMessageId.delete(providerMessageId);
        }
        purged += 1;
      }
    }
    return Promise.resolve(purged);
  }

  private save(message: Message): void {
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

  private heldBy(id: string, owner: string): Message | undefined {
    const message = this.messages.get(id);
    return message?.status === 'SENDING' && message.claim?.owner === owner ? message : undefined;
  }

  private page(query: MessageQuery, appId: string | undefined): MessagePage {
    const candidates = appId === undefined ? [...this.messages.values()] : this.appMessages(appId);
    const found = candidates.filter((message) => matches(message, query, appId));
    found.sort(newestFirst);
    const { cursor } = query;
    const offset = cursor === undefined ? query.offset : undefined;
    const rest =
      cursor === undefined
        ? found.slice(offset ?? 0)
        : found.filter((message) => newestFirst(cursor, message) < 0);
    const items = rest.slice(0, query.limit);
    const last = items.at(-1);
    return compact<MessagePage>({
      items,
      next:
        rest.length > query.limit && last ? { createdAt: last.createdAt, id: last.id } : undefined,
      total: offset === undefined ? undefined : found.length,
    });
  }

  private appMessages(appId: string): Message[] {
    const messages: Message[] = [];
    for (const id of this.idsByApp.get(appId) ?? []) {
      const message = this.messages.get(id);
      if (message) messages.push(message);
    }
    return messages;
  }
}
