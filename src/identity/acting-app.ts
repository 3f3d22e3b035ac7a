import type { AppsService } from './apps.service';
import { ValidationFailed } from '../common/errors/api-error';
import type { Principal } from './principal';

export interface ActingAppRule {
  /** What the app is named for, as the messages say it: "templates", "inboxes", "broadcasts". */
  readonly what: string;
  /** Whether a key may name its own app; naming another is refused either way. */
  readonly keyMayNameOwnApp?: boolean;
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
  if (principal.kind === 'apiKey') {
    const namesOwn = rule.keyMayNameOwnApp === true && appId === principal.appId;
    if (appId !== undefined && !namesOwn) {
      throw new ValidationFailed([
        {
          field: 'appId',
          code: 'not_allowed',
          message: `appId is for admin tokens: an API key works on its own app's ${rule.what}`,
        },
      ]);
    }
    return { appId: principal.appId };
  }
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
