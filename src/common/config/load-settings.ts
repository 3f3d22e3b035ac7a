import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { ConfigError, type Environment, parseSettings, type Settings } from './settings';

/** Reads `.env` when present (real environment variables win), as the CLI and server do. */
export function readDotEnv(path = '.env'): void {
  if (existsSync(path)) process.loadEnvFile(path);
}

/**
 * Settings for a process entry point: on a configuration error, prints the one line that
 * names the variable and exits with status 1.
 */
export function settingsOrExit(env: Environment = process.env): Settings {
  try {
    return parseSettings(env, () => randomBytes(32).toString('base64url'));
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
