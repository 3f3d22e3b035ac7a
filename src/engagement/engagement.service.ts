import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../common/clock/clock';
import { NotFound } from '../common/errors/api-error';
import { emailRecipients, normalAddress } from '../contract/content/email-recipients';
import { readEmailContent } from '../contract/content/email.content';
import type { MessageEvent } from '../contract/message-event';
import { StatusNotifier } from '../dispatch/callbacks/status-notifier';
import type { EngagementKind } from '../message-log/engagement-effect';
import { MessageLog } from '../message-log/message-log';
import type { Message } from '../message-log/message.model';
import { timelineOf } from '../message-log/timeline';
import { SuppressionsService } from '../suppressions/suppressions.service';
import { clientClassOf, isMachine } from './client-class';
import { EngagementLinks } from './engagement-links';
import type { LinkKind } from './link-token';

/** Every refusal of a link reads the same: whether the token was well made is nobody's business. */
const noSuchLink = (): NotFound => new NotFound('No such link.');

const EVENT_TYPES: Readonly<Record<EngagementKind, string>> = {
  open: 'opened',
  click: 'clicked',
  unsubscribe: 'unsubscribed',
};

/** Longest link kept in a click's event: the rest of a long URL says nothing more. */
const MAX_LINK_IN_EVENT = 500;

/** A link's message and recipient, as its token names them. */
interface LinkTarget {
  readonly message: Message;
  readonly recipient: string;
  readonly url?: string;
}

/** An open or click a provider saw (SES's own tracking), about the message it knows by its id. */
export interface ProviderEngagement {
  readonly providerMessageId: string;
  readonly kind: 'open' | 'click';
  readonly at: Date;
  /** The recipient, when the provider can tell (a message sent to one). */
  readonly recipient?: string;
  readonly userAgent?: string;
  readonly link?: string;
}

/**
 * What recipients do with an email's links: an open (the pixel), a click (redirected to exactly
 * the URL in the message), an unsubscribe (the app's suppression list, for the message's topic,
 * and a callback). Each is recorded on the message with the coarse class of the client, never
 * its address; machines (privacy prefetches, link scanners, anything within seconds of the
 * send) are counted apart. A link whose token this service did not sign, or whose message is
 * gone, is 404 and does nothing.
 */
@Injectable()
export class EngagementService {
  private readonly logger = new Logger('Engagement');

  constructor(
    private readonly links: EngagementLinks,
    private readonly store: MessageLog,
    private readonly suppressions: SuppressionsService,
    private readonly notifier: StatusNotifier,
    private readonly clock: Clock,
  ) {}

  async opened(token: string, userAgent: string | undefined): Promise<void> {
    const target = await this.target('open', token);
    await this.record(target.message, 'open', target.recipient, userAgent);
  }

  /** Records the click; the URL it leads to. */
  async clicked(token: string, userAgent: string | undefined): Promise<string> {
    const target = await this.target('click', token);
    const url = target.url ?? '';
    await this.record(target.message, 'click', target.recipient, userAgent, url);
    return url;
  }

  /** Whether a token is an unsubscribe link of a message still kept: 404 otherwise. */
  async unsubscribeTopic(token: string): Promise<string | undefined> {
    const { message } = await this.target('unsubscribe', token);
    return readEmailContent(message.content).topic;
  }

  /**
   * Puts the recipient on the app's list for the message's topic (or for every email when it
   * names none), records `unsubscribed` once, and tells the app's callback. Doing it again
   * changes nothing.
   */
  async unsubscribed(token: string): Promise<void> {
    const { message, recipient } = await this.target('unsubscribe', token);
    const { topic } = readEmailContent(message.content);
    const detail = topic === undefined ? 'from every email' : `from ${topic}`;
    await this.suppressions.suppress(message.appId, recipient, {
      reason: 'unsubscribed',
      detail,
      messageId: message.id,
      ...(topic === undefined ? {} : { topic }),
    });
    const event: MessageEvent = { type: 'unsubscribed', at: this.clock.now(), recipient, detail };
    const outcome = await this.store.recordEngagement(
      { appId: message.appId },
      message.id,
      { kind: 'unsubscribe', event },
      this.clock.now(),
    );
    if (outcome.kind === 'recorded') {
      this.logger.log(`an address of app ${message.appId} unsubscribed ${detail}`);
      this.notifier.eventRecorded(outcome.message, event);
    }
  }

  /** An open or click a provider reported; false when no message has its id. */
  async reported(engagement: ProviderEngagement): Promise<boolean> {
    const message = await this.store.findByProviderMessageIdAcrossApps(
      engagement.providerMessageId,
    );
    if (message?.channel !== 'email') return false;
    const recipient =
      engagement.recipient === undefined ? undefined : normalAddress(engagement.recipient);
    await this.record(
      message,
      engagement.kind,
      recipient,
      engagement.userAgent,
      engagement.link,
      engagement.at,
    );
    return true;
  }

  private async target(kind: LinkKind, token: string): Promise<LinkTarget> {
    const claim = this.links.read(kind, token);
    if (!claim) throw noSuchLink();
    const message = await this.store.getAcrossApps(claim.messageId);
    if (message?.channel !== 'email') throw noSuchLink();
    const recipient = emailRecipients(message).at(claim.recipient);
    if (recipient === undefined) throw noSuchLink();
    return { message, recipient, ...(claim.url === undefined ? {} : { url: claim.url }) };
  }

  private async record(
    message: Message,
    kind: 'open' | 'click',
    recipient: string | undefined,
    userAgent: string | undefined,
    link?: string,
    at = this.clock.now(),
  ): Promise<void> {
    const client = clientClassOf(userAgent);
    const machine = isMachine(client, at, timelineOf(message).sentAt);
    const event: MessageEvent = {
      type: EVENT_TYPES[kind],
      at,
      ...(recipient === undefined ? {} : { recipient }),
      ...(link === undefined ? {} : { detail: link.slice(0, MAX_LINK_IN_EVENT) }),
      client,
      ...(machine ? { machine } : {}),
    };
    await this.store.recordEngagement(
      { appId: message.appId },
      message.id,
      { kind, event },
      this.clock.now(),
    );
  }
}
