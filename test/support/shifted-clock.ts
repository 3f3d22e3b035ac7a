import { Clock } from '../../src/common/clock/clock';

/** The service's clock, moved ahead on demand: "a minute later" without waiting a minute. */
export class ShiftedClock extends Clock {
  private offsetMs = 0;

  advance(ms: number): void {
    this.offsetMs += ms;
  }

  override now(): Date {
    return new Date(this.nowMs());
  }

  override nowMs(): number {
    return Date.now() + this.offsetMs;
  }
}
