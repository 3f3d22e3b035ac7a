import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { findPostgresBin } from './postgres';
import { findFerretDb } from './servers';

const ROOT = join(__dirname, '..', '..');
const INSTALL_SCRIPT = 'scripts/install-test-servers.sh';
export const CHROMIUM = '/usr/bin/chromium';

const onPath = (command: string): boolean =>
  (process.env.PATH ?? '').split(':').some((dir) => dir !== '' && existsSync(join(dir, command)));

const found = (find: () => unknown): boolean => {
  try {
    find();
    return true;
  } catch {
    return false;
  }
};

/** What the suites need that this machine lacks (servers named by URL are not needed). */
export function missingTestTools(env: NodeJS.ProcessEnv = process.env): string[] {
  return [
    !env.REDIS_URL && !onPath('redis-server') && 'redis-server',
    !env.MONGODB_URI && !found(findFerretDb) && 'FerretDB 1.24.2',
    !env.MONGODB_URI && !found(findPostgresBin) && 'PostgreSQL (initdb)',
    !onPath('openssl') && 'openssl',
    !existsSync(CHROMIUM) && `Chromium (${CHROMIUM})`,
  ].filter((tool): tool is string => tool !== false);
}

/**
 * Installs what the suites need when something is missing and this process may (root on a
 * Debian machine, where the install script's apt-get works); otherwise fails saying how to get
 * it, before any suite runs.
 */
export function installMissingTestTools(): void {
  const missing = missingTestTools();
  if (missing.length === 0) return;
  const mayInstall = process.getuid?.() === 0 && onPath('apt-get');
  if (!mayInstall) {
    throw new Error(
      `The e2e suites need ${missing.join(', ')}: run \`sudo bash ${INSTALL_SCRIPT}\` ` +
        '(Debian), or set MONGODB_URI / REDIS_URL to servers you run.',
    );
  }
  console.log(`\n[harness] installing ${missing.join(', ')} with ${INSTALL_SCRIPT}`);
  execFileSync('bash', [INSTALL_SCRIPT], { cwd: ROOT, stdio: 'inherit' });
  const still = missingTestTools();
  if (still.length > 0) {
    throw new Error(`${INSTALL_SCRIPT} ran, yet ${still.join(', ')} is still missing`);
  }
}
