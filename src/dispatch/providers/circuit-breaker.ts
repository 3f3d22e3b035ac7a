export type CircuitState = 'closed' | 'open' | 'half-open';

/**
 * Per provider: opens after `failureThreshold` consecutive failures, lets one probe through
 * after `cooldownMs` (half-open), closes on its success and opens again on its failure.
 */
export class CircuitBreaker {
  private consecutiveFailures = 0;
  private openedAtMs?: number;
  private probing = false;

  constructor(
    private readonly failureThreshold: number,
    private readonly cooldownMs: number,
  ) {}

  state(nowMs: number): CircuitState {
    if (this.openedAtMs === undefined) return 'closed';
    return nowMs - this.openedAtMs >= this.cooldownMs ? 'half-open' : 'open';
  }

  /** Whether a send may go through now; in half-open, only one probe at a time. */
  tryPass(nowMs: number): boolean {
    switch (this.state(nowMs)) {
      case 'closed':
        return true;
      case 'open':
        return false;
      case 'half-open':
        if (this.probing) return false;
        this.probing = true;
        return true;
    }
  }

  /**
   * A pass taken and not used (the send was put off): in half-open, the next send may probe.
   * Only the probe holds a pass while the circuit is not closed, so no one else's is lost.
   */
  forgoPass(): void {
    this.probing = false;
  }

  /** When the circuit will let a probe through (undefined when closed). */
  reopensAt(): number | undefined {
    return this.openedAtMs === undefined ? undefined : this.openedAtMs + this.cooldownMs;
  }

  recordSuccess(): void {
    this.consecutiveFailures = 0;
    this.openedAtMs = undefined;
    this.probing = false;
  }

  recordFailure(nowMs: number): void {
    this.consecutiveFailures += 1;
    if (this.probing || this.consecutiveFailures >= this.failureThreshold) this.openedAtMs = nowMs;
    this.probing = false;
  }
}
