import { Injectable } from '@nestjs/common';
import { Clock } from '../clock/clock';
import { SendRateCaps, slotMs } from './send-rate-caps';

/** One process's caps: when each key's next slot is free. Keys are provider ids, so few. */
@Injectable()
export class MemorySendRateCaps extends SendRateCaps {
  private readonly nextFreeMs = new Map<string, number>();

  constructor(private readonly clock: Clock) {
    super();
  }

  reserve(key: string, perSecond: number): Promise<number> {
    const now = this.clock.nowMs();
    const at = Math.max(now, this.nextFreeMs.get(key) ?? 0);
    this.nextFreeMs.set(key, at + slotMs(perSecond));
    return Promise.resolve(Math.ceil(at - now));
  }

  currentWait(key: string): Promise<number> {
    return Promise.resolve(
      Math.max(0, Math.ceil((this.nextFreeMs.get(key) ?? 0) - this.clock.nowMs())),
    );
  }
}
