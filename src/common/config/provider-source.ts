import { readFileSync } from 'node:fs';
import { Transform } from 'class-transformer';
import { IsOptional, IsString } from 'class-validator';
import { blankToUndefined } from './environment';
import { ConfigError, type Environment, readVariables } from './variables';

/** Where the provider list comes from: the JSON itself, or a file holding it. */
export class ProviderListVariables {
  @IsOptional()
  @Transform(blankToUndefined)
  @IsString()
  PROVIDERS?: string;

  @IsOptional()
  @Transform(blankToUndefined)
  @IsString()
  PROVIDERS_FILE?: string;
}

/** The provider list as configured, not yet read: the channel contract knows its shape. */
export interface ProviderSource {
  /** The variable it came from, to be named when the JSON is wrong. */
  readonly variable: 'PROVIDERS' | 'PROVIDERS_FILE';
  readonly json: string;
  /** PROVIDERS_FILE, when the list came from a file. */
  readonly file?: string;
}

function readProviderFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new ConfigError('PROVIDERS_FILE', 'names a file that cannot be read');
  }
}

/** PROVIDERS or the file PROVIDERS_FILE names (one of the two); undefined when neither is set. */
export function readProviderSource(env: Environment): ProviderSource | undefined {
  const vars = readVariables(env, ProviderListVariables);
  if (vars.PROVIDERS && vars.PROVIDERS_FILE) {
    throw new ConfigError('PROVIDERS_FILE', 'cannot be set together with PROVIDERS: choose one');
  }
  if (vars.PROVIDERS) return { variable: 'PROVIDERS', json: vars.PROVIDERS };
  if (!vars.PROVIDERS_FILE) return undefined;
  const file = vars.PROVIDERS_FILE;
  return { variable: 'PROVIDERS_FILE', json: readProviderFile(file), file };
}
