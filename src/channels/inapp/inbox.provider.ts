import { Injectable } from '@nestjs/common';
import { Clock } from '../../common/clock/clock';
import type { Settings } from '../../common/config/settings';
import { InjectSettings } from '../../common/config/settings.module';
import { CryptoService } from '../../common/crypto/crypto.service';
import {
  type OutboundMessage,
  type Provider,
  type ProviderConfig,
  ProviderError,
  type ProviderFactory,
  type SendSuccess,
} from '../../contract/provider';
import { readInappContent } from '../../contract/content/inapp.content';
import type { Notification } from './inbox.model';
import { InboxFeed } from './inbox-feed';
import { InboxStore } from './inbox.store';
import { USER_ID_PATTERN } from './user-id';

const DAY_MS = 86_400_000;

/** Writes a message into its user's inbox and tells the open streams of this instance. */
@Injectable()
export class InboxDelivery {
  constructor(
    @InjectSettings() private readonly settings: Settings,
    private readonly store: InboxStore,
    private readonly feed: InboxFeed,
    private readonly crypto: CryptoService,
    private readonly clock: Clock,
  ) {}

  async deliver(message: OutboundMessage): Promise<Notification> {
    const userId = message.to.at(0);
    if (userId === undefined || !USER_ID_PATTERN.test(userId)) {
      throw new ProviderError('INVALID_RECIPIENT', 'the message names no valid user id');
    }
    const content = readInappContent(message.content);
    if (!content) throw new ProviderError('CONTENT_REJECTED', 'the message has no body');
    const now = this.clock.now();
    const stored = await this.save({
      id: this.crypto.newId('ntf', now),
      appId: message.appId,
      userId,
      messageId: message.id,
      ...content,
      metadata: message.metadata,
      createdAt: now,
      expiresAt: new Date(now.getTime() + this.settings.retentionDays * DAY_MS),
    });
    this.feed.published(stored);
    return stored;
  }

  /** A store that cannot write now is an outage of this provider: the pipeline retries. */
  private async save(notification: Notification): Promise<Notification> {
    try {
      return await this.store.save(notification);
    } catch (error) {
      throw new ProviderError(
        'PROVIDER_OUTAGE',
        `the inbox could not be written: ${String(error)}`,
      );
    }
  }
}

/** The in-app channel's provider: a stored notification is a delivered message. */
export class InboxProvider implements Provider {
  readonly type = 'inbox';

  constructor(
    readonly id: string,
    readonly channel: ProviderConfig['channel'],
    private readonly delivery: InboxDelivery,
  ) {}

  async send(message: OutboundMessage): Promise<SendSuccess> {
    const notification = await this.delivery.deliver(message);
    return { providerMessageId: notification.id, status: 'DELIVERED', providerStatus: 'stored' };
  }
}

/** Builds `inbox` providers; they only write to the service's own store, so need no options. */
@Injectable()
export class InboxProviderFactory implements ProviderFactory {
  readonly type = 'inbox';

  constructor(private readonly delivery: InboxDelivery) {}

  create(config: ProviderConfig): Provider {
    if (config.channel !== 'inapp') {
      throw new Error(
        `provider ${config.id}: the inbox type serves the inapp channel, not ${config.channel}`,
      );
    }
    return new InboxProvider(config.id, config.channel, this.delivery);
  }
}
