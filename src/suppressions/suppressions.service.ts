import { Injectable } from '@nestjs/common';
import { AppsService } from '../identity/apps.service';
import { Clock } from '../common/clock/clock';
import { Conflict, NotFound } from '../common/errors/api-error';
import { plainCursors } from '../common/http/cursor';
import { normalAddress } from '../contract/content/email-recipients';
import type { Suppression, SuppressionPage, SuppressionReason } from './suppression.model';
import { type AddOutcome, SuppressionStore } from './suppression.store';

/** What puts an address on an app's list. */
export interface SuppressionCause {
  readonly reason: SuppressionReason;
  readonly detail: string;
  readonly messageId?: string;
  /** Only emails naming this topic; absent: every email. */
  readonly topic?: string;
}

/** Each app's suppression list: filled by bounces, complaints and unsubscribes, kept by admins. */
@Injectable()
export class SuppressionsService {
  constructor(
    private readonly store: SuppressionStore,
    private readonly apps: AppsService,
    private readonly clock: Clock,
  ) {}

  /** Adds the address to the app's list (for the cause's topic) unless it is there already. */
  suppress(appId: string, address: string, cause: SuppressionCause): Promise<AddOutcome> {
    return this.store.add({
      appId,
      address: normalAddress(address),
      ...cause,
      createdAt: this.clock.now(),
    });
  }

  /** The entries of the app's list among `addresses` that refuse an email naming `topic`. */
  suppressedAmong(
    appId: string,
    addresses: readonly string[],
    topic?: string,
  ): Promise<readonly Suppression[]> {
    return this.store.findAmong(appId, addresses.map(normalAddress), topic);
  }

  /**
   * An admin's entry, for one topic or all; 404 for an unknown app, 409 when the address is
   * listed so already.
   */
  async add(appId: string, address: string, detail: string, topic?: string): Promise<Suppression> {
    await this.apps.get(appId);
    const outcome = await this.suppress(appId, address, {
      reason: 'manual',
      detail,
      ...(topic === undefined ? {} : { topic }),
    });
    if (outcome.kind === 'exists') {
      throw new Conflict(`${outcome.suppression.address} is on the list already.`);
    }
    return outcome.suppression;
  }

  /** `cursor` is the opaque `nextCursor` of the previous page. */
  async list(appId: string, limit: number, cursor?: string): Promise<SuppressionPage> {
    await this.apps.get(appId);
    return this.store.list(appId, limit, plainCursors.decode(cursor));
  }

  async remove(appId: string, address: string, topic?: string): Promise<void> {
    await this.apps.get(appId);
    const normal = normalAddress(address);
    if (!(await this.store.remove(appId, normal, topic))) {
      const listed = topic === undefined ? 'on the suppression list' : `listed for topic ${topic}`;
      throw new NotFound(`${normal} is not ${listed} of app ${appId}.`);
    }
  }
}
