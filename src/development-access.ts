import { Injectable, Logger } from '@nestjs/common';
import { ApiKeyService } from './identity/api-key.service';
import { AppsService } from './identity/apps.service';
import { DefaultApp } from './identity/default-app';
import { TokenIssuer } from './identity/token.issuer';
import type { Settings } from './common/config/settings';
import { InjectSettings } from './common/config/settings.module';

const ONE_DAY_SECONDS = 24 * 60 * 60;

/**
 * On the embedded default (no database configured, not production), creates a development
 * app (with the id DEFAULT_APP_ID when set: the app tokens send for when they name none) and
 * its key and a one-day admin token, and logs them, so that a newcomer can paste them into
 * Swagger UI. Never runs with MongoDB or in production.
 */
@Injectable()
export class DevelopmentAccess {
  private readonly logger = new Logger('Development');

  constructor(
    @InjectSettings() private readonly settings: Settings,
    private readonly apps: AppsService,
    private readonly keys: ApiKeyService,
    private readonly tokens: TokenIssuer,
    private readonly defaultApp: DefaultApp,
  ) {}

  async announce(baseUrl: string): Promise<void> {
    if (this.settings.mongodbUri) return;
    this.logger.warn(
      'MONGODB_URI is not set: data is kept in memory and lost when the process stops.',
    );
    if (!this.settings.redisUrl)
      this.logger.warn('REDIS_URL is not set: work is queued in this process.');
    if (this.settings.production) return;
    const { defaultAppId } = this.settings;
    const app = await this.apps.create('Development', defaultAppId ? { id: defaultAppId } : {});
    this.defaultApp.useDevelopmentApp(app.id);
    const { key } = await this.keys.issue(app.id, 'development');
    this.logger.log(`Development API key (x-api-key): ${key}`);
    this.logger.log(`Default app of tokens that send without appId: ${app.id}`);
    if (this.tokens.holdsSigningKey) {
      const lifetime = Math.min(ONE_DAY_SECONDS, this.settings.jwt.maxLifetimeSeconds);
      const token = this.tokens.mint({
        subject: 'developer',
        roles: ['admin'],
        expiresInSeconds: lifetime,
      });
      this.logger.log(
        `Development admin token, valid ${lifetime} seconds (Authorization: Bearer): ${token}`,
      );
    }
    this.logger.log(`Swagger UI: ${baseUrl}/docs`);
  }
}
