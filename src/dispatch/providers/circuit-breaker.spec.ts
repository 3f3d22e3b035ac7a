import { CircuitBreaker } from './circuit-breaker';

describe('CircuitBreaker', () => {
  it('stays closed below the threshold and resets on success', () => {
    const breaker = new CircuitBreaker(3, 1000);
    breaker.recordFailure(0);
    breaker.recordFailure(0);
    breaker.recordSuccess();
    breaker.recordFailure(0);
    breaker.recordFailure(0);
    expect(breaker.state(0)).toBe('closed');
    expect(breaker.tryPass(0)).toBe(true);
  });

  it('opens after consecutive failures and refuses until the cool-down ends', () => {
    const breaker = new CircuitBreaker(2, 1000);
    breaker.recordFailure(100);
    breaker.recordFailure(200);
    expect(breaker.state(500)).toBe('open');
    expect(breaker.tryPass(500)).toBe(false);
    expect(breaker.reopensAt()).toBe(1200);
  });

  it('lets one probe through when half-open, closes on its success', () => {
    const breaker = new CircuitBreaker(1, 1000);
    breaker.recordFailure(0);
    expect(breaker.state(1000)).toBe('half-open');
    expect(breaker.tryPass(1000)).toBe(true);
    expect(breaker.tryPass(1000)).toBe(false);
    breaker.recordSuccess();
    expect(breaker.state(1001)).toBe('closed');
  });

  it('opens again when the probe fails', () => {
    const breaker = new CircuitBreaker(3, 1000);
    for (let i = 0; i < 3; i += 1) breaker.recordFailure(0);
    expect(breaker.tryPass(1500)).toBe(true);
    breaker.recordFailure(1500);
    expect(breaker.state(1600)).toBe('open');
    expect(breaker.state(2500)).toBe('half-open');
  });

  it('lets the next send probe when the probe forgoes its pass (its send was put off)', () => {
    const breaker = new CircuitBreaker(1, 1000);
    breaker.recordFailure(0);
    expect(breaker.tryPass(1000)).toBe(true);
    expect(breaker.tryPass(1000)).toBe(false);
    breaker.forgoPass();
    expect(breaker.state(1000)).toBe('half-open');
    expect(breaker.tryPass(1000)).toBe(true);
  });
});
