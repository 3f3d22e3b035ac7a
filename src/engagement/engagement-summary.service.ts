import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock/clock';
import { NotFound, ValidationFailed } from '../common/errors/api-error';
import { AppsService } from '../identity/apps.service';
import type { Principal } from '../identity/principal';
import { MessageLog } from '../message-log/message-log';
import type { EngagementSummaryQuery } from './app-engagement.dto';
import { type EngagementSummary, summarised } from './engagement-summary';

const DAY_MS = 24 * 60 * 60 * 1000;
const DEFAULT_DAYS = 30;
/** A quarter: what a dashboard shows at most at once. */
const MAX_DAYS = 92;
/** The most emails one summary reads; beyond, it says it is truncated. */
export const SUMMARY_MAX_MESSAGES = 50_000;

export interface SummaryAnswer {
  readonly from: Date;
  readonly to: Date;
  readonly summary: EngagementSummary;
  readonly truncated: boolean;
}

/** An app's email engagement over a range of days, for a dashboard. */
@Injectable()
export class EngagementSummaryService {
  constructor(
    private readonly store: MessageLog,
    private readonly apps: AppsService,
    private readonly clock: Clock,
  ) {}

  /** A key reads its own app's (another app is 404, like a missing one); tokens any app's. */
  async summary(
    principal: Principal,
    appId: string,
    query: EngagementSummaryQuery,
  ): Promise<SummaryAnswer> {
    if (principal.kind === 'apiKey' && principal.appId !== appId) {
      throw new NotFound(`No app ${appId}.`);
    }
    if (principal.kind === 'jwt') await this.apps.get(appId);
    const { from, to } = this.rangeOf(query);
    const facts = await this.store.engagementFacts(
      { appId },
      { from, to, limit: SUMMARY_MAX_MESSAGES + 1 },
    );
    const truncated = facts.length > SUMMARY_MAX_MESSAGES;
    const read = truncated ? facts.slice(0, SUMMARY_MAX_MESSAGES) : facts;
    return { from, to, summary: summarised(read), truncated };
  }

  private rangeOf(query: EngagementSummaryQuery): { from: Date; to: Date } {
    const to = query.to === undefined ? this.clock.now() : new Date(query.to);
    const from =
      query.from === undefined
        ? new Date(to.getTime() - DEFAULT_DAYS * DAY_MS)
        : new Date(query.from);
    if (from >= to || to.getTime() - from.getTime() > MAX_DAYS * DAY_MS) {
      throw new ValidationFailed([
        {
          field: 'from',
          code: 'invalid_range',
          message: `from must be before to, at most ${MAX_DAYS} days`,
        },
      ]);
    }
    return { from, to };
  }
}
