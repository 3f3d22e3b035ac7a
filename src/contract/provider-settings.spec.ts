import { parseProviderSettings, ProviderSettingsError } from './provider-settings';

const entry = (fields: Record<string, unknown>): string =>
  JSON.stringify({ sms: [{ id: 'twilio-us', type: 'twilio', ...fields }] });

describe('a provider entry', () => {
  it('has no send-rate cap unless it sets ratePerSecond', () => {
    const [provider] = parseProviderSettings(entry({ from: '+14155550100' }));
    expect(provider.ratePerSecond).toBeUndefined();
    expect(provider.options).toEqual({ from: '+14155550100' });
  });

  it.each([1, 14, 0.5])('takes ratePerSecond %p as a policy, not an option', (ratePerSecond) => {
    const [provider] = parseProviderSettings(entry({ ratePerSecond }));
    expect(provider.ratePerSecond).toBe(ratePerSecond);
    expect(provider.options).toEqual({});
  });

  it.each([0, -1, '10', 100_001, null])('refuses ratePerSecond %p, naming it', (ratePerSecond) => {
    expect(() => parseProviderSettings(entry({ ratePerSecond }))).toThrow(
      new ProviderSettingsError(
        'sms[0].ratePerSecond must be a positive number of sends per second, at most 100000',
      ),
    );
  });
});
