import { freePort } from '../harness/servers';
import { until } from '../support/polling';
import { type ServerProcess, spawnServer } from '../support/server-process';

const runMain = (env: Record<string, string>): ServerProcess => spawnServer('src/main.ts', env);

describe('the server process', () => {
  it.each([
    [{ PORT: 'abc' }, /^Invalid configuration: PORT /],
    [
      { NODE_ENV: 'production' },
      /^Invalid configuration: MONGODB_URI is required when NODE_ENV=production/,
    ],
    [
      { NODE_ENV: 'production', MONGODB_URI: 'mongodb://127.0.0.1:1/x' },
      /^Invalid configuration: JWT_SECRET or JWT_PUBLIC_KEY is required when NODE_ENV=production/,
    ],
    [
      { JWT_SECRET: 'short-secret-value' },
      /^Invalid configuration: JWT_SECRET must be at least 32 characters/,
    ],
  ])('refuses to start on %p with one line naming the variable', async (env, expected) => {
    const run = runMain(env);
    expect(await run.exited).toBe(1);
    const lines = run.output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(expected);
    expect(run.output()).not.toContain('short-secret-value');
  });

  it('starts on the embedded default, prints a working key and token, and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const run = runMain({ PORT: String(port), HOST: '127.0.0.1', LOG_FORMAT: 'json' });
    try {
      await until(() => run.output().includes('Swagger UI'), 'the start-up banner', 30_000);
      const key = /Development API key \(x-api-key\): (sb_\S+?)"/.exec(run.output())?.[1];
      const jwt = /Bearer\): (\S+?)"/.exec(run.output())?.[1];
      expect(key).toBeDefined();
      expect(jwt).toBeDefined();
      const me = await fetch(`http://127.0.0.1:${port}/api/v1/me`, {
        headers: { 'x-api-key': key ?? '', 'x-request-id': 'trace-me-1' },
      });
      expect(me.status).toBe(200);
      await until(() => run.output().includes('trace-me-1'), 'the access log line', 5_000);
      const accessLine =
        run
          .output()
          .split('\n')
          .find((line) => line.includes('trace-me-1')) ?? '';
      expect(JSON.parse(accessLine)).toMatchObject({
        req: { id: 'trace-me-1', method: 'GET', path: '/api/v1/me' },
        res: { statusCode: 200 },
      });
      const apps = await fetch(`http://127.0.0.1:${port}/api/v1/apps`, {
        headers: { Authorization: `Bearer ${jwt ?? ''}` },
      });
      expect(apps.status).toBe(200);
      const docs = await fetch(`http://127.0.0.1:${port}/docs`);
      expect(docs.status).toBe(200);
      const parse = await fetch(`http://127.0.0.1:${port}/api/v1/apps`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', Authorization: `Bearer ${jwt ?? ''}` },
        body: '{"name":',
      });
      expect(parse.status).toBe(400);
      expect(await parse.json()).toMatchObject({ code: 'PARSE_ERROR' });
      expect(run.output()).toContain('MONGODB_URI is not set');
      // The key appears once, in the development banner; the token only there too.
      expect(run.output().split(key ?? '').length - 1).toBe(1);
      expect(run.output().split(jwt ?? '').length - 1).toBe(1);
    } finally {
      run.child.kill('SIGTERM');
    }
    expect(await run.exited).toBe(0);
    expect(run.output()).toContain('SIGTERM received');
  }, 60_000);

  it('writes readable log lines in development, no JSON', async () => {
    const port = await freePort();
    const run = runMain({ PORT: String(port), HOST: '127.0.0.1' });
    try {
      await until(() => run.output().includes('Swagger UI'), 'the start-up banner', 30_000);
      const lines = run.output().trim().split('\n');
      expect(lines.filter((line) => line.startsWith('{'))).toEqual([]);
      expect(lines).toContainEqual(
        expect.stringMatching(/^\[\d\d:\d\d:\d\d\.\d{3}\] .*INFO.*Development API key/),
      );
    } finally {
      run.child.kill('SIGTERM');
    }
    expect(await run.exited).toBe(0);
  }, 60_000);
});
