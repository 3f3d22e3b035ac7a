import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { ConfigError, type Environment } from './variables';

/** Reads `.env` when present (real environment variables win), as the CLI and server do. */
export function readDotEnv(path = '.env'): void {
  if (existsSync(path)) process.loadEnvFile(path);
}

/**
 * Settings for a process entry point, as `parse` makes them: on a configuration error, prints
 * the one line that names the variable and exits with status 1.
 */
export function settingsOrExit<S>(
  parse: (env: Environment, makeSecret: () => string) => S,
  env: Environment = process.env,
): S {
  try {
    return parse(env, () => randomBytes(32).toString('base64url'));
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
