import { PROVIDER_DEFAULTS } from '../../contract/provider-settings';
import type { ProviderConfig } from '../../contract/provider';
import { sesOptions } from './ses-options';

const config = (options: Record<string, unknown>): ProviderConfig => ({
  id: 'ses-eu',
  type: 'ses',
  channel: 'email',
  ...PROVIDER_DEFAULTS,
  options,
});

const problemOf = (options: Record<string, unknown>): string => {
  try {
    sesOptions(config(options));
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the options to be refused');
};

describe('sesOptions', () => {
  it('needs only a region (credentials from the AWS default chain)', () => {
    expect(sesOptions(config({ region: 'eu-west-1' }))).toEqual({ region: 'eu-west-1' });
  });

  it('reads every option', () => {
    expect(
      sesOptions(
        config({
          region: 'us-east-1',
          endpoint: 'http://127.0.0.1:8005',
          from: 'billing@example.com',
          configurationSetName: 'transactional_1',
          accessKeyId: 'AKIAEXAMPLE',
          secretAccessKey: 'secret-key',
          sessionToken: 'session',
        }),
      ),
    ).toEqual({
      region: 'us-east-1',
      endpoint: 'http://127.0.0.1:8005',
      from: 'billing@example.com',
      configurationSetName: 'transactional_1',
      credentials: {
        accessKeyId: 'AKIAEXAMPLE',
        secretAccessKey: 'secret-key',
        sessionToken: 'session',
      },
    });
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['no region', {}, 'option region is required (or set SES_REGION)'],
    ['a region that is none', { region: 'Ireland' }, 'option region must be an AWS region'],
    [
      'an endpoint that is no http(s) URL',
      { region: 'eu-west-1', endpoint: 'email.eu-west-1.amazonaws.com' },
      'option endpoint must be an http(s) URL',
    ],
    [
      'a sender that is no address',
      { region: 'eu-west-1', from: 'billing' },
      'option from must be an email address',
    ],
    [
      'a configuration set name SES refuses',
      { region: 'eu-west-1', configurationSetName: 'has spaces' },
      'option configurationSetName must be letters, digits, _ or -',
    ],
    [
      'a secret key without its access key',
      { region: 'eu-west-1', secretAccessKey: 'top-secret' },
      'option accessKeyId is required with secretAccessKey',
    ],
    [
      'an access key without its secret',
      { region: 'eu-west-1', accessKeyId: 'AKIAEXAMPLE' },
      'option secretAccessKey is required with accessKeyId',
    ],
    [
      'a session token alone',
      { region: 'eu-west-1', sessionToken: 'top-secret' },
      'option sessionToken needs accessKeyId and secretAccessKey',
    ],
  ])('refuses %s, naming provider and option but no secret', (_case, options, problem) => {
    const message = problemOf(options);
    expect(message).toContain(`provider ses-eu (type ses): ${problem}`);
    expect(message).not.toContain('top-secret');
  });
});
