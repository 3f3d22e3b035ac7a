import type { FilterQuery } from 'mongoose';
import type { MessageQuery } from './message-log';
import type { MessageDocument } from './message.schema';
import { compact } from './mongo-message-documents';

/** What a summary list leaves unread: the content, and its sealed part. */
export const SUMMARY_PROJECTION = { content: 0, sealedContent: 0 } as const;

/** What a list of the log matches: one app's messages, or every app's (`appId` undefined). */
export function filterOf(
  query: Omit<MessageQuery, 'limit'>,
  appId: string | undefined,
): FilterQuery<MessageDocument> {
  const filter: Record<string, unknown> = {};
  if (appId !== undefined) filter.appId = appId;
  if (query.channel !== undefined) filter.channel = query.channel;
  if (query.status !== undefined) filter.status = query.status;
  // $eq keeps a caller's value a value, whatever shape it arrives in.
  if (query.to !== undefined) filter.to = { $eq: query.to };
  if (query.broadcastId !== undefined) filter.broadcastId = { $eq: query.broadcastId };
  if (query.reference !== undefined) filter.reference = { $eq: query.reference };
  if (query.after !== undefined || query.before !== undefined) {
    filter.createdAt = compact({ $gte: query.after, $lte: query.before });
  }
  for (const [key, value] of Object.entries(query.metadata ?? {})) {
    filter[`metadata.${key}`] = { $eq: value };
  }
  if (query.event !== undefined) filter['events.type'] = { $eq: query.event };
  return filter;
}
