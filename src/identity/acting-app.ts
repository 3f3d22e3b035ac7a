import type { AppsService } from './apps.service';
import { Forbidden, ValidationFailed } from '../common/errors/api-error';
import type { App } from './app.model';
import type { AppScope } from './app-scope';
import type { ApiKeyPrincipal, Principal } from './principal';

export interface ActingAppRule {
  /** What the app is named for, as the messages say it: "templates", "inboxes", "broadcasts". */
  readonly what: string;
  /** The app a token acts for when it names none; without one, tokens must name the app. */
  readonly defaultAppId?: string;
}

/**
 * An API key works on its own app only: naming it with `appId` changes nothing, naming another
 * app is 403 (whether or not that app exists).
 */
export function keyOwnApp(
  principal: ApiKeyPrincipal,
  appId: string | undefined,
  rule: ActingAppRule,
): AppScope {
  if (appId !== undefined && appId !== principal.appId) {
    throw new Forbidden(`An API key works on its own app's ${rule.what} only.`);
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
 * The app a caller acts for on routes that tokens and keys share: an API key's own app (naming
 * another is 403), or the existing app a token names with `appId` (required unless the rule has
 * a default; 404 when unknown).
 */
export async function actingApp(
  principal: Principal,
  appId: string | undefined,
  apps: Pick<AppsService, 'get'>,
  rule: ActingAppRule,
): Promise<AppScope> {
  if (principal.kind === 'apiKey') return keyOwnApp(principal, appId, rule);
  return { appId: (await tokenApp(appId, apps, rule)).id };
}
