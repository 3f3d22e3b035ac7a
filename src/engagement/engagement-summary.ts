import type { EngagementFacts } from '../message-log/message-log';
import { timelineOf } from '../message-log/timeline';

/** What a dashboard counts of an app's emails. */
export interface EngagementTally {
  /** Messages handed to a provider. */
  readonly sends: number;
  /** Messages delivered to every recipient. */
  readonly deliveries: number;
  /** Opens and clicks by people (machines' are left out). */
  readonly opens: number;
  readonly clicks: number;
  readonly unsubscribes: number;
  /** Recipients that bounced, and that complained (a withdrawn complaint is not one). */
  readonly bounces: number;
  readonly complaints: number;
}

export const NO_TALLY: EngagementTally = {
  sends: 0,
  deliveries: 0,
  opens: 0,
  clicks: 0,
  unsubscribes: 0,
  bounces: 0,
  complaints: 0,
};

export interface EngagementSummary {
  readonly totals: EngagementTally;
  /** By the UTC day the messages were created, oldest first. */
  readonly days: readonly (EngagementTally & { readonly day: string })[];
  /** By the stored template the messages were rendered from (null: none), most sent first. */
  readonly templates: readonly (EngagementTally & { readonly templateId: string | null })[];
}

const count = (facts: EngagementFacts, type: string): number =>
  facts.events.filter((event) => event.type === type && event.detail !== 'not-spam').length;

/** What one message adds to a tally. */
export function tallyOf(facts: EngagementFacts): EngagementTally {
  const { sentAt, deliveredAt } = timelineOf(facts);
  const engagement = facts.engagement;
  return {
    sends: sentAt ? 1 : 0,
    deliveries: deliveredAt ? 1 : 0,
    opens: engagement?.opens ?? 0,
    clicks: engagement?.clicks ?? 0,
    unsubscribes: engagement?.unsubscribes ?? 0,
    bounces: count(facts, 'bounced'),
    complaints: count(facts, 'complained'),
  };
}

const added = (a: EngagementTally, b: EngagementTally): EngagementTally => ({
  sends: a.sends + b.sends,
  deliveries: a.deliveries + b.deliveries,
  opens: a.opens + b.opens,
  clicks: a.clicks + b.clicks,
  unsubscribes: a.unsubscribes + b.unsubscribes,
  bounces: a.bounces + b.bounces,
  complaints: a.complaints + b.complaints,
});

function grouped(
  facts: readonly EngagementFacts[],
  keyOf: (facts: EngagementFacts) => string,
): Map<string, EngagementTally> {
  const groups = new Map<string, EngagementTally>();
  for (const one of facts) {
    const key = keyOf(one);
    groups.set(key, added(groups.get(key) ?? NO_TALLY, tallyOf(one)));
  }
  return groups;
}

/** Sums the messages up, in total, by day and by template. */
export function summarised(facts: readonly EngagementFacts[]): EngagementSummary {
  const totals = facts.map(tallyOf).reduce(added, NO_TALLY);
  const days = [...grouped(facts, (one) => one.createdAt.toISOString().slice(0, 10))]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([day, tally]) => ({ day, ...tally }));
  const templates = [...grouped(facts, (one) => one.templateId ?? '')]
    .sort(([, a], [, b]) => b.sends - a.sends)
    .map(([id, tally]) => ({ templateId: id === '' ? null : id, ...tally }));
  return { totals, days, templates };
}
