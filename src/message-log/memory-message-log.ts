import { Injectable } from '@nestjs/common';
import { NEWEST_FIRST, pageOf, timePositionOf } from '../common/database/keyset';
import { DuplicateKeyError } from '../common/database/persistence-errors';
import type { MessageEvent } from '../contract/message-event';
import { CANCELABLE_STATUSES } from '../contract/message-status';
import type { ProviderReport } from '../contract/provider-report';
import type { AppScope } from '../identity/app-scope';
import {
  countedAfter,
  engagementEffect,
  type EngagementEntry,
  templateIdOf,
} from './engagement-effect';
import {
  type CancelOutcome,
  type ContentResealer,
  type EngagementFacts,
  type EngagementFactsQuery,
  type EngagementOutcome,
  MessageLog,
  type MessagePage,
  type MessageQuery,
  type ReportOutcome,
  summaryOf,
} from './message-log';
import type { Message } from './message.model';
import { compact, MemoryMessages } from './memory-messages';
import { reportEffect } from './report-effect';

function matches(message: Message, query: MessageQuery, appId: string | undefined): boolean {
  return (
    (appId === undefined || message.appId === appId) &&
    (query.channel === undefined || message.channel === query.channel) &&
    (query.status === undefined || message.status === query.status) &&
    (query.to === undefined || message.to.includes(query.to)) &&
    (query.broadcastId === undefined || message.broadcastId === query.broadcastId) &&
    (query.reference === undefined || message.reference === query.reference) &&
    (query.after === undefined || message.createdAt >= query.after) &&
    (query.before === undefined || message.createdAt <= query.before) &&
    Object.entries(query.metadata ?? {}).every(([key, value]) => message.metadata[key] === value) &&
    (query.event === undefined || message.events.some((event) => event.type === query.event))
  );
}

/** The embedded default: one process's messages, gone when it stops. */
@Injectable()
export class MemoryMessageLog extends MessageLog {
  constructor(private readonly messages: MemoryMessages) {
    super();
  }

  insert(message: Message): Promise<void> {
    if (this.messages.get(message.id)) {
      return Promise.reject(new DuplicateKeyError(`Message ${message.id} exists.`));
    }
    this.messages.save(message);
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
    this.messages.save(canceled);
    return Promise.resolve({ kind: 'canceled', message: canceled });
  }

  getAcrossApps(id: string): Promise<Message | undefined> {
    return Promise.resolve(this.messages.get(id));
  }

  listAcrossApps(query: MessageQuery & { readonly appId?: string }): Promise<MessagePage> {
    return Promise.resolve(this.page(query, query.appId));
  }

  findByProviderMessageIdAcrossApps(providerMessageId: string): Promise<Message | undefined> {
    return Promise.resolve(this.messages.byProviderMessageId(providerMessageId));
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
    this.messages.save(reported);
    return Promise.resolve({
      kind: effect.kind === 'move' ? 'moved' : 'recorded',
      message: reported,
    });
  }

  recordEngagement(
    scope: AppScope,
    id: string,
    entry: EngagementEntry,
    now: Date,
  ): Promise<EngagementOutcome> {
    const message = this.messages.get(id);
    if (message?.appId !== scope.appId) return Promise.resolve({ kind: 'not_found' });
    const effect = engagementEffect(message, entry);
    if (effect.kind === 'repeated') return Promise.resolve({ kind: 'repeated', message });
    const recorded: Message = {
      ...message,
      engagement: countedAfter(message.engagement, effect),
      events: effect.keepEvent ? [...message.events, compact(entry.event)] : message.events,
      updatedAt: now,
    };
    this.messages.save(recorded);
    return Promise.resolve({ kind: 'recorded', message: recorded });
  }

  engagementFacts(
    scope: AppScope,
    { from, to, limit }: EngagementFactsQuery,
  ): Promise<readonly EngagementFacts[]> {
    const facts = this.messages
      .ofApp(scope.appId)
      .filter(
        ({ channel, createdAt }) => channel === 'email' && createdAt >= from && createdAt < to,
      )
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
      .slice(0, limit)
      .map((message) =>
        compact<EngagementFacts>({
          createdAt: message.createdAt,
          templateId: templateIdOf(message.content),
          status: message.status,
          attempts: message.attempts,
          events: message.events,
          engagement: message.engagement,
        }),
      );
    return Promise.resolve(facts);
  }

  appendEvents(id: string, events: readonly MessageEvent[], now: Date): Promise<void> {
    const message = this.messages.get(id);
    if (message && events.length > 0) {
      this.messages.save({ ...message, events: [...message.events, ...events], updatedAt: now });
    }
    return Promise.resolve();
  }

  purgeExpired(now: Date): Promise<number> {
    const expired = this.messages.all().filter((message) => message.expiresAt <= now);
    for (const message of expired) this.messages.delete(message);
    return Promise.resolve(expired.length);
  }

  resealContent(reseal: ContentResealer): Promise<number> {
    let rewritten = 0;
    for (const message of this.messages.all()) {
      const { sealedContent } = message;
      const resealed =
        sealedContent === undefined ? undefined : reseal({ ...message, sealedContent });
      if (resealed === undefined) continue;
      this.messages.save({ ...message, sealedContent: resealed });
      rewritten += 1;
    }
    return Promise.resolve(rewritten);
  }

  private page(query: MessageQuery, appId: string | undefined): MessagePage {
    const candidates = appId === undefined ? this.messages.all() : this.messages.ofApp(appId);
    const found = candidates.filter((message) => matches(message, query, appId));
    const { limit, cursor, offset, count, summary } = query;
    const page = pageOf(
      found,
      NEWEST_FIRST,
      { limit, after: cursor, offset, count },
      timePositionOf,
    );
    return summary ? { ...page, items: page.items.map(summaryOf) } : page;
  }
}
