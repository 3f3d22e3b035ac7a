import type { Environment } from '../../common/config/variables';
import {
  channelChain,
  configErrorOf,
  ENCRYPTION_KEY,
  MONGODB_URI,
  parseApp,
  STRONG_SECRET,
  TOKEN_PARTIES,
} from '../../../test/support/settings';

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

  const PRODUCTION = {
    NODE_ENV: 'production',
    MONGODB_URI,
    JWT_SECRET: STRONG_SECRET,
    ...TOKEN_PARTIES,
    ENCRYPTION_KEY,
  };
  const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:ses-notifications';

  it('starts in production with an ses provider when SES_SNS_TOPIC_ARNS names its topics', () => {
    const settings = parseApp({ ...PRODUCTION, SES_REGION, SES_SNS_TOPIC_ARNS: TOPIC });
    expect(settings.providers.list?.map(({ type }) => type)).toEqual(['ses']);
  });

  it.each<[string, Environment]>([
    ['the SES shortcut', { SES_REGION }],
    [
      'a PROVIDERS entry',
      { PROVIDERS: '{"email":[{"id":"mail","type":"ses","region":"eu-west-1"}]}' },
    ],
  ])('refuses production with %s and no SES_SNS_TOPIC_ARNS, saying why', (_case, env) => {
    const error = configErrorOf({ ...PRODUCTION, ...env });
    expect(error.variable).toBe('SES_SNS_TOPIC_ARNS');
    expect(error.message).toContain("one in anyone's AWS account");
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
