import type { EngagementFacts } from '../message-log/message-log';
import { NO_TALLY, summarised, tallyOf } from './engagement-summary';

const day = (date: string, hour = 9): Date =>
  new Date(`${date}T${String(hour).padStart(2, '0')}:00:00Z`);

function facts(overrides: Partial<EngagementFacts> = {}): EngagementFacts {
  const createdAt = overrides.createdAt ?? day('2026-03-14');
  return {
    createdAt,
    status: 'DELIVERED',
    attempts: [{ provider: 'p', status: 'DELIVERED', durationMs: 1, timestamp: createdAt }],
    events: [],
    engagement: {
      opens: 2,
      clicks: 1,
      machineOpens: 5,
      machineClicks: 3,
      unsubscribes: 0,
    },
    ...overrides,
  };
}

describe('tallyOf', () => {
  it('counts a delivered email with its opens and clicks by people only', () => {
    expect(tallyOf(facts())).toEqual({ ...NO_TALLY, sends: 1, deliveries: 1, opens: 2, clicks: 1 });
  });

  it('counts bounces and complaints by recipient, not a withdrawn complaint', () => {
    const at = day('2026-03-14');
    const bounced = facts({
      status: 'SENT',
      attempts: [{ provider: 'p', status: 'SENT', durationMs: 1, timestamp: at }],
      events: [
        { type: 'bounced', at, recipient: 'a@example.com', detail: 'Permanent/General' },
        { type: 'complained', at, recipient: 'b@example.com', detail: 'abuse' },
        { type: 'complained', at, recipient: 'c@example.com', detail: 'not-spam' },
      ],
      engagement: undefined,
    });
    expect(tallyOf(bounced)).toEqual({ ...NO_TALLY, sends: 1, bounces: 1, complaints: 1 });
  });

  it('counts no send for a message refused before any provider took it', () => {
    const refused = facts({
      status: 'UNDELIVERABLE',
      attempts: [
        {
          provider: 'suppression-list',
          status: 'UNDELIVERABLE',
          durationMs: 0,
          timestamp: day('2026-03-14'),
        },
      ],
      engagement: undefined,
    });
    expect(tallyOf(refused)).toEqual(NO_TALLY);
  });
});

describe('summarised', () => {
  it('sums up in total, by UTC day of creation and by template, most sent first', () => {
    const summary = summarised([
      facts({ createdAt: day('2026-03-14', 23), templateId: 'tpl_news' }),
      facts({ createdAt: day('2026-03-15', 0), templateId: 'tpl_news' }),
      facts({ createdAt: day('2026-03-13') }),
    ]);
    const each = { ...NO_TALLY, sends: 1, deliveries: 1, opens: 2, clicks: 1 };
    const twice = { ...NO_TALLY, sends: 2, deliveries: 2, opens: 4, clicks: 2 };
    expect(summary).toEqual({
      totals: { ...NO_TALLY, sends: 3, deliveries: 3, opens: 6, clicks: 3 },
      days: [
        { day: '2026-03-13', ...each },
        { day: '2026-03-14', ...each },
        { day: '2026-03-15', ...each },
      ],
      templates: [
        { templateId: 'tpl_news', ...twice },
        { templateId: null, ...each },
      ],
    });
  });

  it('is all zero without messages', () => {
    expect(summarised([])).toEqual({ totals: NO_TALLY, days: [], templates: [] });
  });
});
