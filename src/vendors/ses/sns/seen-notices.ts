import { Injectable } from '@nestjs/common';
import { Clock } from '../../../common/clock/clock';
import type { SnsMessage } from './sns-message';

/** How old an SNS notice may be and still be taken: older ones are replays, not retries. */
export const NOTICE_MAX_AGE_MS = 60 * 60_000;

/**
 * The SNS notifications this process applied in the last hour, by `MessageId`, so that a
 * captured notice posted again is ignored; a notice older than the hour is refused by its
 * `Timestamp` (which its signature covers), so an id need not be kept longer. Only signed
 * notices are noted, so the set grows with SES's traffic, not with anyone's posts.
 */
@Injectable()
export class SeenNotices {
  /** MessageId to when it was noted; in noting order, so the oldest come first. */
  private readonly notedAtMs = new Map<string, number>();

  constructor(private readonly clock: Clock) {}

  /** Why the notice is not to be applied, or undefined when it is new and recent. */
  stale(message: SnsMessage): string | undefined {
    const age = this.clock.nowMs() - Date.parse(message.Timestamp);
    if (!(age <= NOTICE_MAX_AGE_MS)) return `sent at ${message.Timestamp}, over an hour ago`;
    return this.notedAtMs.has(message.MessageId) ? 'already applied' : undefined;
  }

  /** Remembers an applied notice for the hour, and forgets those noted before it. */
  note(message: SnsMessage): void {
    const now = this.clock.nowMs();
    for (const [id, at] of this.notedAtMs) {
      if (now - at <= NOTICE_MAX_AGE_MS) break;
      this.notedAtMs.delete(id);
    }
    this.notedAtMs.set(message.MessageId, now);
  }
}
