import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock/clock';

/**
 * How long a status callback waits for its message to be ready for it. Twilio may post `sent`
 * or even `delivered` before the worker that sent the message has recorded the attempt: the
 * message is still SENDING and its provider ids do not yet hold the SID. Applying the report
 * then would break the worker's `complete` (which needs SENDING under its claim), and dropping
 * it would lose it, since Twilio does not post a status callback twice. So the request is held
 * and the report tried again, after pauses that start short (the worker usually records within
 * milliseconds) and grow, for a few seconds at most: Twilio waits up to 15 s for an answer. A
 * SID still unknown after that belongs to no message here and is answered as such.
 *
 * The one place of this timing, so that tests may shorten it.
 */
@Injectable()
export class CallbackPatience {
  /** The longest a callback is held. */
  windowMs = 5_000;
  /** The first pause; each next one doubles, up to `maxPauseMs`. */
  firstPauseMs = 20;
  maxPauseMs = 500;

  constructor(private readonly clock: Clock) {}

  /** Runs `attempt` until its result is no longer `early`, or the window has passed. */
  async retry<T>(attempt: () => Promise<T>, early: (result: T) => boolean): Promise<T> {
    const deadline = this.clock.nowMs() + this.windowMs;
    for (let pause = this.firstPauseMs; ; pause = Math.min(2 * pause, this.maxPauseMs)) {
      const result = await attempt();
      if (!early(result) || this.clock.nowMs() + pause > deadline) return result;
      await sleep(pause);
    }
  }
}
