import { randomBytes } from 'node:crypto';
import { parseAppSettings } from '../../src/app.settings';
import { ConfigError } from '../../src/common/config/variables';
import { startApp, type TestApp, testEnv } from '../harness/test-app';

const parse = (DIALECTS: string) =>
  parseAppSettings(testEnv({}, { DIALECTS }), () => randomBytes(32).toString('base64url'));

/** Each dialect's health-like route, public: whether the dialect is served. */
const PROBES = {
  comms: '/api/v1/comms/version',
  fluxkit: '/messaging/health',
  communications: '/api/v1/communications/send',
};

async function served(env: Record<string, string>): Promise<Record<string, number>> {
  const t: TestApp = await startApp({}, env);
  try {
    const statuses: Record<string, number> = {};
    for (const [name, path] of Object.entries(PROBES)) {
      const res =
        name === 'communications' ? await t.http.post(path).send({}) : await t.http.get(path);
      statuses[name] = res.status;
    }
    return statuses;
  } finally {
    await t.close();
  }
}

describe('DIALECTS', () => {
  it('serves every dialect when unset', async () => {
    expect(await served({})).toEqual({ comms: 200, fluxkit: 200, communications: 401 });
  });

  it('serves only the dialects it names', async () => {
    expect(await served({ DIALECTS: 'fluxkit, comms' })).toEqual({
      comms: 200,
      fluxkit: 200,
      communications: 404,
    });
    expect(await served({ DIALECTS: 'communications' })).toEqual({
      comms: 404,
      fluxkit: 404,
      communications: 401,
    });
  });

  it('serves none with none', async () => {
    expect(await served({ DIALECTS: 'none' })).toEqual({
      comms: 404,
      fluxkit: 404,
      communications: 404,
    });
  });

  it('refuses an unknown name at start-up, naming it and the known ones', () => {
    expect(() => parse('comms,ndk')).toThrow(ConfigError);
    expect(() => parse('comms,ndk')).toThrow(
      'Invalid configuration: DIALECTS names an unknown dialect: ndk (known: comms, ndc, fluxkit, communications, dgapi; or none)',
    );
  });
});
