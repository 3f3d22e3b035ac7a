import { Clock } from '../common/clock/clock';
import { providerSettings } from '../contract/provider-settings';
import { ProviderFailures, RECENT_FAILURES } from './provider-failures';

class StillClock extends Clock {
  ms = Date.parse('2026-03-01T10:00:00.000Z');

  override now(): Date {
    return new Date(this.ms);
  }
}

const twilio = providerSettings('twilio-sms', 'twilio', 'sms', {
  accountSid: 'AC0123456789abcdef0123456789abcdef',
  authToken: 'tw-auth-token-value',
  from: '+14155550100',
});
const smtp = providerSettings('smtp', 'smtp', 'email', { url: 'smtp://u:p@mail.example.com' });

describe('ProviderFailures', () => {
  let clock: StillClock;
  let failures: ProviderFailures;

  beforeEach(() => {
    clock = new StillClock();
    failures = new ProviderFailures(clock);
  });

  it('knows no failure at start', () => {
    expect(failures.of('sms')).toEqual({ errors: [], totalErrors: 0 });
    expect(failures.total()).toBe(0);
  });

  it('keeps each failure with its time, provider, category and reason, per channel', () => {
    failures.record(twilio, 'TIMEOUT', 'no answer within 30000 ms');
    clock.ms += 1_000;
    failures.record(smtp, 'PROVIDER_OUTAGE', 'connect ECONNREFUSED');
    expect(failures.of('sms')).toEqual({
      errors: [
        {
          at: '2026-03-01T10:00:00.000Z',
          provider: 'twilio-sms',
          category: 'TIMEOUT',
          message: 'no answer within 30000 ms',
        },
      ],
      totalErrors: 1,
    });
    expect(failures.of('email').errors.map((e) => e.at)).toEqual(['2026-03-01T10:00:01.000Z']);
    expect(failures.total()).toBe(2);
  });

  it(`keeps the last ${RECENT_FAILURES}, newest first, and counts them all`, () => {
    for (let n = 1; n <= RECENT_FAILURES * 2 + 5; n += 1)
      failures.record(twilio, 'RATE_LIMITED', `failure ${n}`);
    const { errors, totalErrors } = failures.of('sms');
    expect(totalErrors).toBe(RECENT_FAILURES * 2 + 5);
    expect(errors.map((e) => e.message)).toEqual(
      Array.from({ length: RECENT_FAILURES }, (_, i) => `failure ${RECENT_FAILURES * 2 + 5 - i}`),
    );
  });

  it("hides the provider's own option values and bounds the reason", () => {
    failures.record(
      twilio,
      'AUTH_ERROR',
      `401 for tw-auth-token-value at AC0123456789abcdef0123456789abcdef ${'x '.repeat(500)}`,
    );
    const [failure] = failures.of('sms').errors;
    expect(failure.message).not.toContain('tw-auth-token-value');
    expect(failure.message).not.toContain('AC0123456789abcdef');
    expect(failure.message.length).toBeLessThanOrEqual(200);
  });
});
