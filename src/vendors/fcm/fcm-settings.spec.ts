import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Environment } from '../../common/config/variables';
import { configErrorOf, parseApp, serviceAccountKey } from '../../../test/support/settings';
import { fcmSettings } from './fcm-settings';

describe('FCM variables', () => {
  const { pem: RSA_PEM, json: SERVICE_ACCOUNT } = serviceAccountKey();

  it('reads FCM_SERVICE_ACCOUNT from a file when it is a path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'settings-fcm-'));
    const file = join(dir, 'key.json');
    writeFileSync(file, SERVICE_ACCOUNT);
    try {
      expect(fcmSettings.of(parseApp({ FCM_SERVICE_ACCOUNT: file })).serviceAccount).toBe(
        SERVICE_ACCOUNT,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each<[string, Environment, string]>([
    [
      'the key file is not JSON',
      { FCM_SERVICE_ACCOUNT: '{"private_key": ' },
      'FCM_SERVICE_ACCOUNT',
    ],
    [
      'the key file cannot be read',
      { FCM_SERVICE_ACCOUNT: '/no/such/key.json' },
      'FCM_SERVICE_ACCOUNT',
    ],
    [
      'the key file lacks the project',
      { FCM_SERVICE_ACCOUNT: JSON.stringify({ private_key: RSA_PEM }) },
      'FCM_SERVICE_ACCOUNT',
    ],
    ['FCM_API_BASE_URL is not a URL', { FCM_API_BASE_URL: 'fcm.local' }, 'FCM_API_BASE_URL'],
  ])('is a ConfigError naming the variable when %s', (_case, env, variable) => {
    const error = configErrorOf(env);
    expect(error.variable).toBe(variable);
    expect(error.message).not.toContain('PRIVATE KEY');
    expect(error.message).not.toContain('k'.repeat(43));
  });
});
