import type { MessageEvent } from '../contract/message-event';
import {
  countedAfter,
  engagementEffect,
  type EngagementEntry,
  MAX_ENGAGEMENT_EVENTS,
  NO_ENGAGEMENT,
  templateIdOf,
} from './engagement-effect';

const at = (seconds: number): Date => new Date(Date.parse('2026-03-14T09:00:00Z') + seconds * 1000);
const open = (seconds: number, machine = false): EngagementEntry => ({
  kind: 'open',
  event: {
    type: 'opened',
    at: at(seconds),
    recipient: 'ann@example.com',
    client: 'desktop',
    ...(machine ? { machine } : {}),
  },
});
const unsubscribe: EngagementEntry = {
  kind: 'unsubscribe',
  event: { type: 'unsubscribed', at: at(50), recipient: 'ann@example.com', detail: 'from news' },
};

describe('engagementEffect', () => {
  it("counts a person's open, which may be the first, and keeps its event", () => {
    expect(engagementEffect({ events: [] }, open(30))).toEqual({
      kind: 'count',
      increments: { ...NO_ENGAGEMENT, opens: 1 },
      firsts: { firstOpenedAt: at(30) },
      keepEvent: true,
    });
  });

  it("counts a machine's open apart, never as the first", () => {
    expect(engagementEffect({ events: [] }, open(1, true))).toEqual({
      kind: 'count',
      increments: { ...NO_ENGAGEMENT, machineOpens: 1 },
      firsts: {},
      keepEvent: true,
    });
  });

  it('counts on but keeps no more events past the cap', () => {
    const many: MessageEvent[] = Array.from({ length: MAX_ENGAGEMENT_EVENTS }, (_, i) => ({
      type: i % 2 === 0 ? 'opened' : 'clicked',
      at: at(i),
    }));
    expect(engagementEffect({ events: many }, open(500))).toMatchObject({
      kind: 'count',
      keepEvent: false,
    });
    expect(engagementEffect({ events: many }, unsubscribe)).toMatchObject({ keepEvent: true });
  });

  it('records an unsubscribe once per recipient, and a report seen before not again', () => {
    expect(engagementEffect({ events: [unsubscribe.event] }, unsubscribe)).toEqual({
      kind: 'repeated',
    });
    expect(
      engagementEffect(
        { events: [{ ...unsubscribe.event, recipient: 'bob@example.com' }] },
        unsubscribe,
      ),
    ).toMatchObject({ kind: 'count' });
    expect(engagementEffect({ events: [open(30).event] }, open(30))).toEqual({ kind: 'repeated' });
    expect(engagementEffect({ events: [open(30).event] }, open(31))).toMatchObject({
      kind: 'count',
    });
  });
});

describe('countedAfter', () => {
  it('adds to the counts and keeps the earliest first time', () => {
    const first = countedAfter(undefined, {
      kind: 'count',
      increments: { ...NO_ENGAGEMENT, opens: 1 },
      firsts: { firstOpenedAt: at(30) },
      keepEvent: true,
    });
    expect(first).toEqual({ ...NO_ENGAGEMENT, opens: 1, firstOpenedAt: at(30) });
    const later = countedAfter(first, {
      kind: 'count',
      increments: { ...NO_ENGAGEMENT, opens: 1 },
      firsts: { firstOpenedAt: at(90) },
      keepEvent: true,
    });
    expect(later).toEqual({ ...NO_ENGAGEMENT, opens: 2, firstOpenedAt: at(30) });
  });
});

describe('templateIdOf', () => {
  it('reads the template id of a rendered content, and nothing else', () => {
    expect(templateIdOf({ template: { id: 'tpl_1', version: 2 } })).toBe('tpl_1');
    expect(templateIdOf({ template: 'tpl_1' })).toBeUndefined();
    expect(templateIdOf({})).toBeUndefined();
  });
});
