import type { MessageEvent } from '../contract/message-event';
import type { EngagementCounts, Message } from './message.model';

/** What a recipient did with an email. */
export type EngagementKind = 'open' | 'click' | 'unsubscribe';

/** One open, click or unsubscribe, as it is recorded on the message. */
export interface EngagementEntry {
  readonly kind: EngagementKind;
  /** `opened`, `clicked` or `unsubscribed`, naming the recipient when known. */
  readonly event: MessageEvent;
}

/**
 * Opens and clicks kept as events on one message; beyond them only the counts go on, so that a
 * much-forwarded newsletter (or a client fetching its pixel in a loop) cannot grow the record
 * without bound.
 */
export const MAX_ENGAGEMENT_EVENTS = 100;

/** The counters of `EngagementCounts`. */
type Counter = 'opens' | 'clicks' | 'machineOpens' | 'machineClicks' | 'unsubscribes';

export const NO_ENGAGEMENT: Readonly<Record<Counter, number>> = {
  opens: 0,
  clicks: 0,
  machineOpens: 0,
  machineClicks: 0,
  unsubscribes: 0,
};

export type EngagementEffect =
  /** Recorded before (an unsubscribe of that recipient, a report twice): nothing to write. */
  | { readonly kind: 'repeated' }
  | {
      readonly kind: 'count';
      /** What each counter grows by (0 or 1). */
      readonly increments: Readonly<Record<Counter, number>>;
      /** First times to set, unless an earlier one is recorded. */
      readonly firsts: Readonly<Partial<Record<'firstOpenedAt' | 'firstClickedAt', Date>>>;
      /** Whether the event is appended (false once the opens and clicks kept are at the cap). */
      readonly keepEvent: boolean;
    };

/** The counter of a person's entry of each kind, and of a machine's. */
const COUNTER: Readonly<Record<EngagementKind, readonly [Counter, Counter | undefined]>> = {
  open: ['opens', 'machineOpens'],
  click: ['clicks', 'machineClicks'],
  unsubscribe: ['unsubscribes', undefined],
};

const FIRST: Readonly<Record<EngagementKind, 'firstOpenedAt' | 'firstClickedAt' | undefined>> = {
  open: 'firstOpenedAt',
  click: 'firstClickedAt',
  unsubscribe: undefined,
};

/**
 * Whether `seen` is `entry` seen before: an unsubscribe of the same recipient, or an event of the
 * same kind, recipient, link and time (a provider's report delivered twice).
 */
function repeats(seen: MessageEvent, { kind, event }: EngagementEntry): boolean {
  if (seen.type !== event.type || seen.recipient !== event.recipient) return false;
  return (
    kind === 'unsubscribe' ||
    (seen.at.getTime() === event.at.getTime() && seen.detail === event.detail)
  );
}

const isOpenOrClick = (event: MessageEvent): boolean =>
  event.type === 'opened' || event.type === 'clicked';

/**
 * What recording `entry` does to a message, for every adapter alike: a person's open or click
 * counts and may be the first; a machine's counts apart; an unsubscribe counts once per
 * recipient, and an event recorded before not again. The event is kept while fewer than `MAX_ENGAGEMENT_EVENTS` opens and clicks are.
 */
export function engagementEffect(
  current: Pick<Message, 'events'>,
  entry: EngagementEntry,
): EngagementEffect {
  const { kind, event } = entry;
  if (current.events.some((seen) => repeats(seen, entry))) return { kind: 'repeated' };
  const [human, machine] = COUNTER[kind];
  const counter = event.machine === true && machine !== undefined ? machine : human;
  const increments = { ...NO_ENGAGEMENT, [counter]: 1 };
  const first = event.machine === true ? undefined : FIRST[kind];
  const kept = current.events.filter(isOpenOrClick).length;
  return {
    kind: 'count',
    increments,
    firsts: first === undefined ? {} : { [first]: event.at },
    keepEvent: kind === 'unsubscribe' || kept < MAX_ENGAGEMENT_EVENTS,
  };
}

/** The counts after `effect`, from those before (none yet: all zero). */
export function countedAfter(
  before: EngagementCounts | undefined,
  effect: Extract<EngagementEffect, { kind: 'count' }>,
): EngagementCounts {
  const counts = before ?? NO_ENGAGEMENT;
  const grown = Object.fromEntries(
    Object.entries(effect.increments).map(([name, by]) => [name, counts[name as Counter] + by]),
  ) as Record<Counter, number>;
  const earlier = (name: 'firstOpenedAt' | 'firstClickedAt'): Date | undefined => {
    const [known, now] = [before?.[name], effect.firsts[name]];
    return known && now ? (known <= now ? known : now) : (known ?? now);
  };
  const firstOpenedAt = earlier('firstOpenedAt');
  const firstClickedAt = earlier('firstClickedAt');
  return {
    ...grown,
    ...(firstOpenedAt ? { firstOpenedAt } : {}),
    ...(firstClickedAt ? { firstClickedAt } : {}),
  };
}

/** The stored template an email's content was rendered from, by id. */
export function templateIdOf(content: Message['content']): string | undefined {
  const template = content.template;
  if (typeof template !== 'object' || template === null) return undefined;
  const id = (template as Record<string, unknown>).id;
  return typeof id === 'string' && id !== '' ? id : undefined;
}
