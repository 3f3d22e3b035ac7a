import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** The harness's install step, run in a process whose PATH has none of the tools. */
function installStepWithoutTools(env: Record<string, string>) {
  const code = "require('./test/harness/test-servers-install').installMissingTestTools()";
  return spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', code], {
    cwd: ROOT,
    env: { PATH: join(ROOT, 'no-such-folder'), ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe("the e2e harness's set-up on a machine that lacks what the suites need", () => {
  it('fails before any suite, naming what is missing and how to install it, when it may not install', () => {
    const run = installStepWithoutTools({});
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('The e2e suites need redis-server');
    expect(run.stderr).toContain('openssl');
    expect(run.stderr).toContain('sudo bash scripts/install-test-servers.sh');
  }, 90_000);

  it('needs no redis-server when REDIS_URL names a server', () => {
    const run = installStepWithoutTools({ REDIS_URL: 'redis://127.0.0.1:6379' });
    expect(run.stderr).not.toContain('redis-server');
    expect(run.stderr).toContain('The e2e suites need openssl');
  }, 90_000);
});
