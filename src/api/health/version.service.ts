import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import type { Settings } from '../../common/config/settings';
import { InjectSettings } from '../../common/config/settings.module';
import { ProviderRegistry } from '../../dispatch/providers/provider.registry';
import { RouteCatalog } from './route-catalog';

/** From src/health or dist/health alike, the package file is two levels up. */
const PACKAGE = JSON.parse(
  readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8'),
) as {
  name: string;
  version: string;
};

/** How admin tokens are verified, as the version answer names it. */
function jwtKind(mode: Settings['jwt']['mode']): string {
  switch (mode) {
    case 'RS256':
      return 'rs256';
    case 'JWKS':
      return 'jwks';
    case 'HS256':
    case 'development':
      return 'hs256';
  }
}

export interface VersionInfo {
  readonly name: string;
  readonly version: string;
  readonly apiVersion: 'v1';
  readonly features: Readonly<Record<string, string>>;
  readonly channels: readonly string[];
  readonly providers: readonly string[];
  readonly endpoints: readonly string[];
}

@Injectable()
export class VersionService {
  constructor(
    @InjectSettings() private readonly settings: Settings,
    private readonly routes: RouteCatalog,
    private readonly registry: ProviderRegistry,
  ) {}

  info(): VersionInfo {
    return {
      name: PACKAGE.name,
      version: PACKAGE.version,
      apiVersion: 'v1',
      features: {
        store: this.settings.mongodbUri ? 'mongodb' : 'memory',
        queue: this.settings.redisUrl ? 'redis' : 'in-process',
        auth: `api-key, jwt-${jwtKind(this.settings.jwt.mode)}`,
        rateLimit: this.settings.redisUrl ? 'sliding-window (redis)' : 'sliding-window (memory)',
      },
      channels: this.registry.configuredChannels(),
      providers: this.registry.providerIds(),
      endpoints: this.routes.list(),
    };
  }
}

export const packageVersion = (): string => PACKAGE.version;
