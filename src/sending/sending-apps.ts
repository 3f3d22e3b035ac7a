import { Injectable } from '@nestjs/common';
import type { Settings } from '../common/config/settings';
import { InjectSettings } from '../common/config/settings.module';
import { ValidationFailed } from '../common/errors/api-error';
import { keyApp, tokenApp } from '../identity/acting-app';
import { AppsService } from '../identity/apps.service';
import { DefaultApp } from '../identity/default-app';
import type { Principal } from '../identity/principal';
import { requestedBy } from '../identity/requested-by';
import type { SendOrigin } from './send-origin';

/**
 * The app a send is for: an API key's own app (`appId` is for tokens); for a token, the app its
 * `appId` names or else the default app (DEFAULT_APP_ID, or the embedded default's development
 * app).
 */
@Injectable()
export class SendingApps {
  constructor(
    @InjectSettings() private readonly settings: Settings,
    private readonly apps: AppsService,
    private readonly defaultApp: DefaultApp,
  ) {}

  /** `appId` as the request body has it, not yet validated; `what` is sent, as errors say it. */
  async originOf(principal: Principal, appId: unknown, what: string): Promise<SendOrigin> {
    if (appId !== undefined && typeof appId !== 'string') {
      throw new ValidationFailed([
        { field: 'appId', code: 'invalid_type', message: 'appId must be a string' },
      ]);
    }
    const rule = { what, defaultAppId: this.defaultApp.id() };
    const common = { requestedBy: requestedBy(principal) };
    if (principal.kind === 'apiKey') {
      return {
        ...keyApp(principal, appId, rule),
        ...common,
        phoneNumberCheck: principal.phoneNumberCheck ?? this.settings.phoneNumberCheck,
      };
    }
    const app = await tokenApp(appId, this.apps, rule);
    return {
      appId: app.id,
      ...common,
      phoneNumberCheck: app.phoneNumberCheck ?? this.settings.phoneNumberCheck,
    };
  }
}
