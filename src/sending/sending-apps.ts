import { Injectable } from '@nestjs/common';
import type { Settings } from '../common/config/settings';
import { InjectSettings } from '../common/config/settings.module';
import { ValidationFailed } from '../common/errors/api-error';
import { keyOwnApp, tokenApp } from '../identity/acting-app';
import { AppsService } from '../identity/apps.service';
import { DefaultApp } from '../identity/default-app';
import type { Principal } from '../identity/principal';
import { requestedBy } from '../identity/requested-by';
import type { SendOrigin } from './send-origin';

/**
 * The app a send is for: an API key's own app (its `appId` may name that app only; another is
 * 403); for a token, the app its `appId` names or else the default app (DEFAULT_APP_ID, or the
 * embedded default's development app).
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
    const named = appIdOf(appId);
    const rule = { what, defaultAppId: this.defaultApp.id() };
    const common = { requestedBy: requestedBy(principal) };
    if (principal.kind === 'apiKey') {
      return {
        ...keyOwnApp(principal, named, rule),
        ...common,
        phoneNumberCheck: principal.phoneNumberCheck ?? this.settings.phoneNumberCheck,
      };
    }
    const app = await tokenApp(named, this.apps, rule);
    return {
      appId: app.id,
      ...common,
      phoneNumberCheck: app.phoneNumberCheck ?? this.settings.phoneNumberCheck,
    };
  }
}

/** `appId` as the body has it: absent (or null, which counts as absent) or a string. */
function appIdOf(appId: unknown): string | undefined {
  if (appId === undefined || appId === null) return undefined;
  if (typeof appId === 'string') return appId;
  throw new ValidationFailed([
    { field: 'appId', code: 'invalid_type', message: 'appId must be a string' },
  ]);
}
