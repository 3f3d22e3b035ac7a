import type { PhoneNumberCheck } from '../common/config/environment';
import type { AppScope } from '../identity/app-scope';
import type { RequestedBy } from '../identity/requested-by';

/**
 * Where a send comes from: the app it is for, who asked, how strictly that app's phone numbers
 * are checked, and the broadcast it is part of, if any.
 */
export interface SendOrigin extends AppScope {
  readonly requestedBy: RequestedBy;
  readonly phoneNumberCheck: PhoneNumberCheck;
  readonly broadcastId?: string;
}
