import type { AppsService } from './apps.service';
import { ValidationFailed } from '../common/errors/api-error';
import type { App } from './app.model';
import type { AppScope } from './app-scope';
import type { ApiKeyPrincipal, Principal } from './principal';

export interface ActingAppRule {
  /** What the app is named for, as the messages say it: "templates", "inboxes", "broadcasts". */
  readonly what: string;
  /** Whether a key may name its own app; naming another is refused either way. */
  readonly keyMayNameOwnApp?: boolean;
  /** The app a token acts for when it names none; without one, tokens must name the app. */
  readonly defaultAppId?: string;
}

/** A key acts for its own app: `appId` may only name it, where the rule allows that. */
export function keyApp(principal: ApiKeyPrincipal, appId: unknown, rule: ActingAppRule): AppScope {
  const namesOwn = rule.keyMayNameOwnApp === true && appId === principal.appId;
  if (appId !== undefined && !namesOwn) {
    throw new ValidationFailed([
      {
        field: 'appId',
        code: 'not_allowed',
        message: `appId is for tokens: an API key works on its own app's ${rule.what}`,
      },
    ]);
  }
  return { appId: principal.appId };
}

/** The existing app a token names with `appId`, or the rule's default app (404 when unknown). */
export async function tokenApp(
  appId: string | undefined,
  apps: Pick<AppsService, 'get'>,
  rule: ActingAppRule,
): Promise<App> {
  const named = appId ?? rule.defaultAppId;
  if (named === undefined) {
    throw new ValidationFailed([
      {
        field: 'appId',
        code: 'required',
        message: `tokens name the app of the ${rule.what}`,
      },
    ]);
  }
  return apps.get(named);
}

/**
 * The app a caller acts for on routes that tokens and keys share: an API key's own app, or the
 * existing app a token names with `appId` (required unless the rule has a default; 404 when
 * unknown).
 */
export async function actingApp(
  principal: Principal,
  appId: string | undefined,
  apps: Pick<AppsService, 'get'>,
  rule: ActingAppRule,
): Promise<AppScope> {
  if (principal.kind === 'apiKey') return keyApp(principal, appId, rule);
  return { appId: (await tokenApp(appId, apps, rule)).id };
}
