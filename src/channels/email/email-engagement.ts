import { Injectable } from '@nestjs/common';
import { ValidationFailed } from '../../common/errors/api-error';
import type { EmailContent } from '../../contract/content/email.content';
import { EngagementDefaultsService } from '../../engagement/engagement-defaults.service';
import { EngagementLinks } from '../../engagement/engagement-links';
import type { AppScope } from '../../identity/app-scope';
import type { EmailTrackingDto } from './email-engagement.dto';

/** The engagement fields of an email send, as the DTO holds them. */
export interface EngagementRequest {
  readonly tracking?: EmailTrackingDto;
  readonly unsubscribe?: boolean;
  readonly topic?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

const UNSUBSCRIBE_HEADERS = ['list-unsubscribe', 'list-unsubscribe-post'];

const ownsUnsubscribe = (headers: Readonly<Record<string, string>> | undefined): boolean =>
  Object.keys(headers ?? {}).some((name) => UNSUBSCRIBE_HEADERS.includes(name.toLowerCase()));

/**
 * What an email stores of its engagement: tracking and one-click unsubscribe as the send asks,
 * else as the app's defaults say (off unless set), and its topic. A send that asks for links
 * the service cannot make is refused; defaults then do not apply.
 */
@Injectable()
export class EmailEngagement {
  constructor(
    private readonly links: EngagementLinks,
    private readonly defaults: EngagementDefaultsService,
  ) {}

  async of(
    scope: AppScope,
    request: EngagementRequest,
  ): Promise<Pick<EmailContent, 'tracking' | 'unsubscribe' | 'topic'>> {
    const { tracking, unsubscribe, topic } = request;
    const unavailable = this.links.unavailable;
    const topicOnly = topic === undefined ? {} : { topic };
    if (unavailable !== undefined) {
      const asked = tracking?.opens === true || tracking?.clicks === true || unsubscribe === true;
      if (asked)
        throw problem(unsubscribe ? 'unsubscribe' : 'tracking', 'not_configured', unavailable);
      return topicOnly;
    }
    if (unsubscribe === true && ownsUnsubscribe(request.headers)) {
      throw problem(
        'headers',
        'conflicting_content',
        'List-Unsubscribe headers cannot go with unsubscribe: true, which writes them',
      );
    }
    const defaults = await this.defaults.forSend(scope.appId);
    const opens = tracking?.opens ?? defaults.tracking.opens;
    const clicks = tracking?.clicks ?? defaults.tracking.clicks;
    const listed = topic !== undefined && defaults.unsubscribeTopics.includes(topic);
    const unsubscribing = unsubscribe ?? (listed && !ownsUnsubscribe(request.headers));
    return {
      ...(opens || clicks ? { tracking: { opens, clicks } } : {}),
      ...(unsubscribing ? { unsubscribe: true } : {}),
      ...topicOnly,
    };
  }
}

const problem = (field: string, code: string, message: string): ValidationFailed =>
  new ValidationFailed([{ field, code, message }]);
