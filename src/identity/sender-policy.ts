import { Injectable } from '@nestjs/common';
import type { Settings } from '../common/config/settings';
import { InjectSettings } from '../common/config/settings.module';
import { type FieldProblem, ValidationFailed } from '../common/errors/api-error';
import { MESSAGING_SERVICE_SID } from '../contract/content/sms.content';
import type { AppScope } from './app-scope';
import type { App, AppSenders } from './app.model';
import { AppsService } from './apps.service';

export type SenderKind = keyof AppSenders;

/** A send's claim to speak as someone: a `from`, a Messaging Service, a caller id. */
export interface SenderClaim {
  /** The request field that makes it, named in the refusal. */
  readonly field: string;
  readonly kind: SenderKind;
  /** The sender named; undefined for a display name given on the provider's default sender. */
  readonly sender: string | undefined;
}

export const SENDER_NOT_ALLOWED = 'sender_not_allowed';

/** Case matters in neither an address's domain nor (in practice) its local part. */
function emailAllowed(address: string, allowed: readonly string[]): boolean {
  const lower = address.toLowerCase();
  const domain = lower.slice(lower.lastIndexOf('@') + 1);
  return allowed.some((entry) => (entry.includes('@') ? entry === lower : entry === domain));
}

/** A Messaging Service SID's hex digits may come in either case; numbers and ids as stored. */
const phoneKey = (sender: string): string =>
  MESSAGING_SERVICE_SID.test(sender) ? sender.toLowerCase() : sender;

function senderAllowed(claim: SenderClaim, allowed: readonly string[]): boolean {
  const { sender } = claim;
  if (sender === undefined) return false;
  if (claim.kind === 'email') return emailAllowed(sender, allowed);
  return allowed.some((entry) => phoneKey(entry) === phoneKey(sender));
}

function refusal(claim: SenderClaim, appId: string, own: readonly string[]): FieldProblem {
  const where = `PUT /api/v1/apps/${appId}/senders`;
  let message: string;
  if (claim.sender === undefined) {
    message = `${claim.field} names the sender: give it with a from among this app's senders (an admin sets them with ${where})`;
  } else if (own.length === 0) {
    message = `this app has no ${claim.kind} senders of its own: leave out ${claim.field} to send from the provider's default sender, or have an admin add yours with ${where}`;
  } else {
    message = `${claim.field} is not among this app's ${claim.kind} senders (an admin sets them with ${where})`;
  }
  return { field: claim.field, code: SENDER_NOT_ALLOWED, message };
}

/**
 * Tenants must not speak as each other: an app sends as the addresses, domains, numbers and
 * sender ids its admin gave it (`App.senders`), or, naming none, as the provider's default
 * sender. On the embedded default (no database: one developer trying things out) an app without
 * senders of a kind may name any, so that a first request with a `from` works.
 */
@Injectable()
export class SenderPolicy {
  /**
   * On the embedded default an app that names none of a kind of thing (senders, TwiML URL hosts)
   * may use any: one developer trying things out, not tenants sharing an account.
   */
  readonly embedded: boolean;

  constructor(
    @InjectSettings() settings: Settings,
    private readonly apps: AppsService,
  ) {
    this.embedded = settings.mongodbUri === undefined;
  }

  /** Throws `400 sender_not_allowed` naming each claim the app may not make. */
  async check(scope: AppScope, claims: readonly SenderClaim[]): Promise<void> {
    if (claims.length > 0) this.checkApp(await this.apps.get(scope.appId), claims);
  }

  /** `check`, for a caller that has read the app already. */
  checkApp(app: App, claims: readonly SenderClaim[]): void {
    const problems = claims.flatMap((claim) => {
      const own = app.senders?.[claim.kind] ?? [];
      if (own.length === 0 && this.embedded) return [];
      return senderAllowed(claim, own) ? [] : [refusal(claim, app.id, own)];
    });
    if (problems.length > 0) throw new ValidationFailed(problems);
  }
}
