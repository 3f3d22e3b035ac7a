import type { AppsService } from './apps.service';
import { Forbidden, ValidationFailed } from '../common/errors/api-error';
import type { ApiKeyPrincipal, Principal } from './principal';

export interface ActingAppRule {
  /** What the app is named for, as the messages say it: "templates", "inboxes", "broadcasts". */
  readonly what: string;
}

/**
 * An API key works on its own app only: naming it with `appId` changes nothing, naming another
 * app is 403 (whether or not that app exists).
 */
export function keyOwnApp(
  principal: ApiKeyPrincipal,
  appId: string | undefined,
  rule: ActingAppRule,
): { readonly appId: string } {
  if (appId !== undefined && appId !== principal.appId) {
    throw new Forbidden(`An API key works on its own app's ${rule.what} only.`);
  }
  return { appId: principal.appId };
}

/**
 * The app a caller acts for on routes that admins and keys share: an API key's own app, or the
 * existing app an admin token names with `appId` (required for admins; 404 when unknown).
 */
export async function actingApp(
  principal: Principal,
  appId: string | undefined,
  apps: Pick<AppsService, 'get'>,
  rule: ActingAppRule,
): Promise<{ readonly appId: string }> {
  if (principal.kind === 'apiKey') return keyOwnApp(principal, appId, rule);
  if (appId === undefined) {
    throw new ValidationFailed([
      {
        field: 'appId',
        code: 'required',
        message: `admin tokens name the app of the ${rule.what}`,
      },
    ]);
  }
  return { appId: (await apps.get(appId)).id };
}
