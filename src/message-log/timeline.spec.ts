import type { MessageEvent } from '../contract/message-event';
import type { Attempt } from './message.model';
import { timelineOf, type TimelineSource } from './timeline';

const T0 = Date.parse('2026-03-14T09:00:00Z');
const at = (seconds: number): Date => new Date(T0 + seconds * 1000);
const attempt = (status: Attempt['status'], seconds: number): Attempt => ({
  provider: 'p',
  status,
  durationMs: 1,
  timestamp: at(seconds),
});
const event = (type: string, seconds: number, recipient?: string): MessageEvent => ({
  type,
  at: at(seconds),
  ...(recipient === undefined ? {} : { recipient }),
});
const message = (
  status: TimelineSource['status'],
  attempts: Attempt[],
  events: MessageEvent[],
): TimelineSource => ({ status, attempts, events });

describe('timelineOf', () => {
  it('has nothing for a message not sent yet', () => {
    expect(timelineOf(message('QUEUED', [], [event('queued', 0)]))).toEqual({});
  });

  it('takes the first successful attempt as sent, after retries', () => {
    const retried = message(
      'SENT',
      [attempt('RETRYING', 1), attempt('SENT', 5)],
      [event('queued', 0), event('retrying', 1), event('sent', 5)],
    );
    expect(timelineOf(retried)).toEqual({ sentAt: at(5) });
  });

  it('is sent and delivered at once by a provider that delivers', () => {
    expect(timelineOf(message('DELIVERED', [attempt('DELIVERED', 2)], []))).toEqual({
      sentAt: at(2),
      deliveredAt: at(2),
    });
  });

  it("is delivered when a provider's report about the message says so", () => {
    const reported = message(
      'DELIVERED',
      [attempt('SENT', 2)],
      [event('sent', 2), event('delivered', 9), event('delivered', 12)],
    );
    expect(timelineOf(reported)).toEqual({ sentAt: at(2), deliveredAt: at(9) });
  });

  it('is delivered once the last recipient was, each counted from its first report', () => {
    const perRecipient = message(
      'DELIVERED',
      [attempt('SENT', 2)],
      [
        event('sent', 2, 'ann@example.com'),
        event('sent', 2, 'bob@example.com'),
        event('delivered', 7, 'ann@example.com'),
        event('delivered', 20, 'bob@example.com'),
        event('delivered', 30, 'ann@example.com'),
      ],
    );
    expect(timelineOf(perRecipient)).toEqual({ sentAt: at(2), deliveredAt: at(20) });
  });

  it('shows delivery only on a delivered message', () => {
    const some = message('SENT', [attempt('SENT', 2)], [event('delivered', 7, 'ann@example.com')]);
    expect(timelineOf(some)).toEqual({ sentAt: at(2) });
  });

  it('fails at the attempt that failed, or at the reports that made the message undeliverable', () => {
    expect(
      timelineOf(message('FAILED', [attempt('RETRYING', 1), attempt('FAILED', 4)], [])),
    ).toEqual({ failedAt: at(4) });
    const bounced = message(
      'UNDELIVERABLE',
      [attempt('SENT', 2)],
      [event('bounced', 8, 'ann@example.com'), event('complained', 15, 'bob@example.com')],
    );
    expect(timelineOf(bounced)).toEqual({ sentAt: at(2), failedAt: at(15) });
  });
});
