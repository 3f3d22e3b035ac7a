import { PROVIDER_DEFAULTS } from '../contract/provider-settings';
import type { ProviderConfig } from '../contract/provider';
import { attemptResult, blamesProvider, type SendOutcome } from './attempt-outcome';
import type { ErrorCategory } from '../contract/error-category';

const config: ProviderConfig = {
  id: 'primary',
  type: 'sandbox',
  channel: 'sms',
  ...PROVIDER_DEFAULTS,
  maxAttempts: 3,
  retryBaseMs: 1000,
  retryMaxMs: 8000,
  options: {},
};
const now = new Date('2026-05-26T15:10:32.404Z');
const failure = (category: ErrorCategory): SendOutcome => ({
  ok: false,
  category,
  message: `said ${category}`,
});
const context = (providerIndex = 0, providerAttempts = 0, chainLength = 2) => ({
  config,
  route: { providerIndex, providerAttempts },
  chainLength,
  durationMs: 12,
  now,
  random: () => 0.5,
});

describe('attemptResult', () => {
  describe('for a message with several recipients', () => {
    const recipients = ['ann@example.com', 'bob@example.com', 'gone@example.com'];

    it('records the send once per recipient', () => {
      const result = attemptResult(
        { ok: true, success: { providerMessageId: 'id-1', status: 'DELIVERED' } },
        { ...context(), recipients },
      );
      expect(result.events).toEqual(
        recipients.map((recipient) => ({
          type: 'delivered',
          at: now,
          recipient,
          detail: 'primary',
        })),
      );
    });

    it('records each refused recipient with the reason, bounced when the address is at fault', () => {
      const result = attemptResult(
        {
          ok: true,
          success: {
            providerMessageId: 'id-1',
            status: 'SENT',
            refused: [
              {
                recipient: 'gone@example.com',
                category: 'INVALID_RECIPIENT',
                reason: 'no mailbox',
              },
              { recipient: 'bob@example.com', category: 'RATE_LIMITED', reason: 'try later' },
            ],
            copyMessageIds: ['id-2'],
          },
        },
        { ...context(), recipients },
      );
      expect(result.status).toBe('SENT');
      expect(result.copyMessageIds).toEqual(['id-2']);
      expect(result.events).toEqual([
        { type: 'sent', at: now, recipient: 'ann@example.com', detail: 'primary' },
        { type: 'bounced', at: now, recipient: 'gone@example.com', detail: 'no mailbox' },
        { type: 'failed', at: now, recipient: 'bob@example.com', detail: 'try later' },
      ]);
    });
  });

  it('records a success with the provider id, its message id and the status it reported', () => {
    const result = attemptResult(
      { ok: true, success: { providerMessageId: 'SM1', status: 'SENT', providerStatus: 'queued' } },
      context(),
    );
    expect(result).toEqual({
      attempt: {
        provider: 'primary',
        status: 'SENT',
        providerMessageId: 'SM1',
        durationMs: 12,
        timestamp: now,
      },
      status: 'SENT',
      route: { providerIndex: 0, providerAttempts: 1 },
      events: [{ type: 'sent', at: now, detail: 'primary' }],
      providerStatus: 'queued',
    });
  });

  it.each(['PROVIDER_OUTAGE', 'TIMEOUT', 'RATE_LIMITED'] as const)(
    'retries %s on the same provider with backoff',
    (category) => {
      const result = attemptResult(failure(category), context(0, 1));
      expect(result.status).toBe('RETRYING');
      expect(result.route).toEqual({ providerIndex: 0, providerAttempts: 2 });
      // Second retry: base 1000 doubled = 2000, equal jitter with random 0.5 → 1500.
      expect(result.nextAttemptAt).toEqual(new Date(now.getTime() + 1500));
      expect(result.attempt).toMatchObject({
        status: 'RETRYING',
        errorCategory: category,
        errorMessage: `said ${category}`,
      });
    },
  );

  it('fails over to the next provider once the attempts on this one are spent', () => {
    const result = attemptResult(failure('PROVIDER_OUTAGE'), context(0, 2));
    expect(result).toMatchObject({
      status: 'RETRYING',
      route: { providerIndex: 1, providerAttempts: 0 },
      nextAttemptAt: now,
    });
    expect(result.events[0]?.type).toBe('failover');
  });

  it.each(['AUTH_ERROR', 'CONFIGURATION_ERROR'] as const)(
    'fails over at once on %s',
    (category) => {
      expect(attemptResult(failure(category), context(0, 0)).route).toEqual({
        providerIndex: 1,
        providerAttempts: 0,
      });
    },
  );

  it('is FAILED when the last provider is spent', () => {
    const result = attemptResult(failure('TIMEOUT'), context(1, 2));
    expect(result.status).toBe('FAILED');
    expect(result.nextAttemptAt).toBeUndefined();
    expect(attemptResult(failure('AUTH_ERROR'), context(1, 0)).status).toBe('FAILED');
  });

  it('makes recipient errors UNDELIVERABLE and content errors FAILED at once', () => {
    expect(attemptResult(failure('INVALID_RECIPIENT'), context()).status).toBe('UNDELIVERABLE');
    expect(attemptResult(failure('CONTENT_REJECTED'), context()).status).toBe('FAILED');
    expect(attemptResult(failure('CONTENT_REJECTED'), context()).nextAttemptAt).toBeUndefined();
  });

  it('blames the provider for outages and configuration, not for recipients or content', () => {
    expect(
      ['PROVIDER_OUTAGE', 'TIMEOUT', 'RATE_LIMITED', 'AUTH_ERROR', 'CONFIGURATION_ERROR'].every(
        (c) => blamesProvider(c as ErrorCategory),
      ),
    ).toBe(true);
    expect(blamesProvider('INVALID_RECIPIENT')).toBe(false);
    expect(blamesProvider('CONTENT_REJECTED')).toBe(false);
  });
});
