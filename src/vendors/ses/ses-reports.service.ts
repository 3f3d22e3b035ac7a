import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../../common/clock/clock';
import { InjectSettings } from '../../common/config/settings.module';
import type { GatewaySettings } from '../../contract/gateway-settings';
import { Forbidden, ServiceUnavailable } from '../../common/errors/api-error';
import type { Message } from '../../message-log/message.model';
import { emailRecipients } from '../../contract/content/email-recipients';
import { SuppressionsService } from '../../suppressions/suppressions.service';
import { ReportIntake } from '../../provider-reports/report-intake';
import { EngagementService } from '../../engagement/engagement.service';
import {
  readSesEngagement,
  aboutRecipients,
  readSesNotification,
  recipientReports,
  type SesNotification,
} from './ses-notification';
import { SeenNotices } from './sns/seen-notices';
import { SnsHttpsClient } from './sns/sns-https.client';
import { readSnsMessage, snsEndpointUrl, type SnsMessage } from './sns/sns-message';
import { SnsSignatureVerifier } from './sns/sns-signature';
import { sesSettings } from './ses-settings';

/**
 * `applied`: an event was recorded or the status moved. `unchanged`: a repeated notification.
 * `unknown`: no message has SES's message id. `ignored`: a notification the gateway does not
 * act on, or an unsubscribe confirmation. `confirmed`: a subscription was confirmed.
 */
export type SesNotificationOutcome = 'applied' | 'unchanged' | 'unknown' | 'ignored' | 'confirmed';

const NOT_SIGNED = 'The request is not a message signed by Amazon SNS.';

const parsedBody = (body: unknown): unknown => {
  if (typeof body !== 'string') return body;
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
};

/**
 * Amazon SES's bounce, complaint and delivery notifications, as Amazon SNS posts them: each
 * message verified by its SNS signature (and topic, when SES_SNS_TOPIC_ARNS lists them), then
 * applied per recipient to the message SES knows by its id, forward only. A hard bounce or a
 * complaint puts the address on the app's suppression list. A configuration set's open and click
 * events count like the gateway's own tracking. Subscriptions are confirmed.
 */
@Injectable()
export class SesWebhooksService {
  private readonly logger = new Logger(SesWebhooksService.name);
  private readonly topics: readonly string[] | undefined;

  constructor(
    @InjectSettings() settings: GatewaySettings,
    private readonly verifier: SnsSignatureVerifier,
    private readonly https: SnsHttpsClient,
    private readonly suppressions: SuppressionsService,
    private readonly intake: ReportIntake,
    private readonly engagement: EngagementService,
    private readonly clock: Clock,
    private readonly seen: SeenNotices,
  ) {
    // In production without SES_SNS_TOPIC_ARNS (no ses provider, then) no topic is taken.
    this.topics = sesSettings.of(settings).snsTopicArns ?? (settings.production ? [] : undefined);
  }

  async receive(body: unknown): Promise<SesNotificationOutcome> {
    const message = await this.verified(body);
    switch (message.Type) {
      case 'SubscriptionConfirmation':
        return this.confirm(message);
      case 'UnsubscribeConfirmation':
        this.logger.log(`SNS topic ${message.TopicArn} no longer posts here`);
        return 'ignored';
      case 'Notification':
        return this.fresh(message);
    }
  }

  /** A notice applied once, within the hour after SNS sent it; a replay is ignored. */
  private async fresh(message: SnsMessage): Promise<SesNotificationOutcome> {
    const stale = this.seen.stale(message);
    if (stale !== undefined) {
      this.logger.warn(`ignored SNS notification ${message.MessageId}: ${stale}`);
      return 'ignored';
    }
    const outcome = await this.notified(message);
    this.seen.note(message);
    return outcome;
  }

  /** The SNS message, signed by SNS for an accepted topic; 403 (or 503 to be posted again). */
  private async verified(body: unknown): Promise<SnsMessage> {
    const message = readSnsMessage(parsedBody(body));
    if (!message) return this.refuse('not an SNS message, or not signed');
    if (this.topics !== undefined && !this.topics.includes(message.TopicArn)) {
      return this.refuse(`topic ${message.TopicArn} is not in SES_SNS_TOPIC_ARNS`);
    }
    const verdict = await this.verifier.verify(message);
    switch (verdict) {
      case 'valid':
        return message;
      case 'fetch_failed':
        throw new ServiceUnavailable('The SNS signing certificate could not be fetched.');
      case 'bad_certificate_url':
      case 'expired':
      case 'bad_signature':
        return this.refuse(`${verdict.replaceAll('_', ' ')} (topic ${message.TopicArn})`);
    }
  }

  private refuse(why: string): never {
    this.logger.warn(`refused an SNS message: ${why}`);
    throw new Forbidden(NOT_SIGNED);
  }

  /**
   * Visits the SubscribeURL, which SNS signed, when it is an SNS endpoint and the topic is one
   * SES_SNS_TOPIC_ARNS lists: anyone can subscribe this URL to a topic of their own.
   */
  private async confirm(message: SnsMessage): Promise<SesNotificationOutcome> {
    if (this.topics === undefined) {
      this.logger.warn(
        `did not confirm the subscription to SNS topic ${message.TopicArn}: subscriptions are confirmed only for topics SES_SNS_TOPIC_ARNS lists`,
      );
      return 'ignored';
    }
    const url = snsEndpointUrl(message.SubscribeURL ?? '');
    if (!url) return this.refuse(`SubscribeURL of ${message.TopicArn} is no SNS endpoint`);
    try {
      await this.https.get(url);
    } catch (error) {
      this.logger.warn(`could not confirm SNS topic ${message.TopicArn}: ${String(error)}`);
      throw new ServiceUnavailable('The SNS subscription could not be confirmed; try again.');
    }
    this.logger.log(`confirmed the subscription to SNS topic ${message.TopicArn}`);
    return 'confirmed';
  }

  private async notified(message: SnsMessage): Promise<SesNotificationOutcome> {
    const engagement = readSesEngagement(message.Message, this.clock.now());
    if (engagement) {
      const { sesMessageId: providerMessageId, ...seen } = engagement;
      return (await this.engagement.reported({ providerMessageId, ...seen }))
        ? 'applied'
        : 'unknown';
    }
    const notification = readSesNotification(message.Message, this.clock.now());
    if (!notification || notification.outcomes.length === 0) return 'ignored';
    const intake = await this.intake.take({
      providerMessageId: notification.sesMessageId,
      reportsFor: (found) => {
        const recipients = emailRecipients(found);
        return recipientReports(aboutRecipients(notification, recipients), recipients);
      },
      applied: (found) => this.suppress(notification, found),
    });
    switch (intake.kind) {
      case 'not_found':
        return 'unknown';
      case 'sending':
        // SNS posts a notification again when it is not answered 2xx; Twilio would not.
        throw new ServiceUnavailable('The message is still being sent; deliver this again.');
      case 'applied':
        return intake.changed ? 'applied' : 'unchanged';
    }
  }

  /**
   * Hard bounces and complaints add their addresses to the app's list, also when the
   * notification was seen before: adding is idempotent, and a list entry must not be lost. Only
   * the message's own recipients: an address it was not sent to is logged and left alone.
   */
  private async suppress(notification: SesNotification, message: Message): Promise<void> {
    const own = aboutRecipients(notification, emailRecipients(message));
    const foreign = notification.outcomes.length - own.outcomes.length;
    if (foreign > 0) {
      this.logger.warn(
        `ignored ${foreign} address(es) of a ${notification.kind} notification about message ${message.id}, which was not sent to them`,
      );
    }
    for (const { recipient, suppression } of own.outcomes) {
      if (!suppression) continue;
      const outcome = await this.suppressions.suppress(message.appId, recipient, {
        ...suppression,
        messageId: message.id,
      });
      if (outcome.kind === 'added') {
        this.logger.log(`suppressed an address of app ${message.appId}: ${suppression.reason}`);
      }
    }
  }
}
