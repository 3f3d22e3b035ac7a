import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../../common/clock/clock';
import type { Settings } from '../../common/config/settings';
import { InjectSettings } from '../../common/config/settings.module';
import { Forbidden, ServiceUnavailable } from '../../common/errors/api-error';
import type { Message } from '../../message-log/message.model';
import { MessageLog } from '../../message-log/message-log';
import { MessageUpdates } from '../../dispatch/message-updates';
import { StatusNotifier } from '../../dispatch/callbacks/status-notifier';
import { emailRecipients } from '../../contract/content/email-recipients';
import { SuppressionsService } from '../../suppressions/suppressions.service';
import { CallbackPatience } from '../../provider-reports/callback-patience';
import { readSesNotification, recipientReports, type SesNotification } from './ses-notification';
import { SnsHttpsClient } from './sns/sns-https.client';
import { readSnsMessage, snsEndpointUrl, type SnsMessage } from './sns/sns-message';
import { SnsSignatureVerifier } from './sns/sns-signature';

/**
 * `applied`: an event was recorded or the status moved. `unchanged`: a repeated notification.
 * `unknown`: no message has SES's message id. `ignored`: a notification the gateway does not
 * act on, or an unsubscribe confirmation. `confirmed`: a subscription was confirmed.
 */
export type SesNotificationOutcome = 'applied' | 'unchanged' | 'unknown' | 'ignored' | 'confirmed';

const NOT_SIGNED = 'The request is not a message signed by Amazon SNS.';

/** The reports of one notification applied to its message, or why they could not be. */
type Application =
  | { readonly kind: 'not_found' | 'sending' }
  | {
      readonly kind: 'applied';
      readonly message: Message;
      readonly changed: boolean;
      readonly moved: boolean;
    };

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
 * complaint puts the address on the app's suppression list. Subscriptions are confirmed.
 */
@Injectable()
export class SesWebhooksService {
  private readonly logger = new Logger(SesWebhooksService.name);
  private readonly topics: readonly string[] | undefined;

  constructor(
    @InjectSettings() settings: Settings,
    private readonly verifier: SnsSignatureVerifier,
    private readonly https: SnsHttpsClient,
    private readonly store: MessageLog,
    private readonly suppressions: SuppressionsService,
    private readonly updates: MessageUpdates,
    private readonly notifier: StatusNotifier,
    private readonly patience: CallbackPatience,
    private readonly clock: Clock,
  ) {
    this.topics = settings.email.snsTopicArns;
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
        return this.notified(message);
    }
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

  /** Visits the SubscribeURL, which SNS signed, and only when it is an SNS endpoint. */
  private async confirm(message: SnsMessage): Promise<SesNotificationOutcome> {
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
    const notification = readSesNotification(message.Message, this.clock.now());
    if (!notification || notification.outcomes.length === 0) return 'ignored';
    const application = await this.patience.retry(
      () => this.apply(notification),
      ({ kind }) => kind === 'not_found' || kind === 'sending',
    );
    switch (application.kind) {
      case 'not_found':
        return 'unknown';
      case 'sending':
        // SNS posts a notification again when it is not answered 2xx; Twilio would not.
        throw new ServiceUnavailable('The message is still being sent; deliver this again.');
      case 'applied':
        await this.suppress(notification, application.message);
        if (application.moved) {
          this.updates.published(application.message);
          this.notifier.statusChanged(application.message);
        }
        return application.changed ? 'applied' : 'unchanged';
    }
  }

  /** Each recipient's report in turn: the store decides on every one with all recorded before. */
  private async apply(notification: SesNotification): Promise<Application> {
    const found = await this.store.findByProviderMessageIdAcrossApps(notification.sesMessageId);
    if (!found) return { kind: 'not_found' };
    const scope = { appId: found.appId };
    let current = found;
    let changed = false;
    let moved = false;
    for (const report of recipientReports(notification, emailRecipients(found))) {
      const outcome = await this.store.applyProviderReport(
        scope,
        found.id,
        report,
        this.clock.now(),
      );
      if (outcome.kind === 'not_found' || outcome.kind === 'sending') return outcome;
      current = outcome.message;
      changed ||= outcome.kind !== 'unchanged';
      moved ||= outcome.kind === 'moved';
    }
    return { kind: 'applied', message: current, changed, moved };
  }

  /**
   * Hard bounces and complaints add their addresses to the app's list, also when the
   * notification was seen before: adding is idempotent, and a list entry must not be lost.
   */
  private async suppress(notification: SesNotification, message: Message): Promise<void> {
    for (const { recipient, suppression } of notification.outcomes) {
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
