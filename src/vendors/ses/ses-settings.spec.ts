import type { Environment } from '../../common/config/variables';
import { channelChain, configErrorOf } from '../../../test/support/settings';

describe('SES shortcut', () => {
  const EMAIL_FROM = 'billing@example.com';
  const SES_REGION = 'eu-west-1';

  it('makes the provider ses from SES_REGION and SES_ENDPOINT', () => {
    const chain = channelChain(
      { SES_REGION, SES_ENDPOINT: 'http://127.0.0.1:8005', EMAIL_FROM },
      'email',
    );
    expect(chain.map(({ id, type, options }) => [id, type, { ...options }])).toEqual([
      ['ses', 'ses', { region: SES_REGION, endpoint: 'http://127.0.0.1:8005', from: EMAIL_FROM }],
    ]);
  });

  it.each<[string, Environment, string]>([
    ['SES_REGION is no AWS region', { SES_REGION: 'Europe' }, 'SES_REGION'],
    ['SES_ENDPOINT is not a URL', { SES_REGION, SES_ENDPOINT: 'localhost:8005' }, 'SES_ENDPOINT'],
    [
      'PROVIDERS already uses the id ses',
      { SES_REGION, PROVIDERS: JSON.stringify({ sms: [{ id: 'ses', type: 'sandbox' }] }) },
      'SES_REGION',
    ],
  ])('is a ConfigError naming the variable when %s', (_case, env, variable) => {
    const error = configErrorOf(env);
    expect(error.variable).toBe(variable);
    expect(error.message).not.toContain('smtp-secret');
  });
});
