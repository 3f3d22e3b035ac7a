import { Injectable } from '@nestjs/common';
import { ValidationFailed } from '../../common/errors/api-error';
import { OutboundUrlPolicy } from '../../common/http/outbound-url';
import type { SendAnswer } from '../../sending/send-answer';
import { SendService } from '../../sending/send.service';
import { commonRequest } from '../../sending/send-common.dto';
import type { SendOptions } from '../../sending/send-request';
import { ProviderRegistry } from '../../dispatch/providers/provider.registry';
import type { PushContent, PushTarget, WebPushKeys } from '../../contract/content/push.content';
import type { PushSubscriptionDto, SendPushDto } from './send-push.dto';
import type { SendOrigin } from '../../sending/send-origin';

/** The stored content: what to show. */
function pushContent(dto: SendPushDto): PushContent {
  return {
    target: dto.pushSubscription ? 'webpush' : 'fcm',
    ...(dto.subject === undefined ? {} : { title: dto.subject }),
    body: dto.body,
    ...(dto.data ? { data: dto.data } : {}),
    ...(dto.url === undefined ? {} : { url: dto.url }),
  };
}

/**
 * The subscription's keys: with the endpoint they let anyone push to the browser, so they are
 * stored sealed (`secretContent`), for the provider to encrypt each attempt with.
 */
const keysOf = (subscription: PushSubscriptionDto): WebPushKeys => ({
  p256dh: subscription.keys.p256dh,
  auth: subscription.keys.auth,
});

@Injectable()
export class PushService {
  constructor(
    private readonly messages: SendService,
    private readonly urls: OutboundUrlPolicy,
    private readonly registry: ProviderRegistry,
  ) {}

  send(origin: SendOrigin, dto: SendPushDto, options: SendOptions): Promise<SendAnswer> {
    const content = pushContent(dto);
    const subscription = dto.pushSubscription;
    const to = subscription ? this.checkedEndpoint(subscription.endpoint) : dto.pushToken;
    const provider = dto.provider ?? this.providerFor(content.target);
    return this.messages.accept(
      origin,
      {
        channel: 'push',
        to: to === undefined ? [] : [to],
        content: { ...content },
        ...(subscription ? { secretContent: { keys: keysOf(subscription) } } : {}),
        ...commonRequest(dto),
        ...(provider === undefined ? {} : { provider }),
        body: dto,
      },
      options,
    );
  }

  /** Push services are https; the address rules of outbound requests apply (SSRF). */
  private checkedEndpoint(endpoint: string): string {
    const reason = endpoint.startsWith('https://')
      ? this.urls.checkSyntax(endpoint)
      : 'must be an https URL';
    if (reason === undefined) return endpoint;
    throw new ValidationFailed([
      {
        field: 'pushSubscription.endpoint',
        code: 'invalid_url',
        message: `pushSubscription.endpoint ${reason}`,
      },
    ]);
  }

  /**
   * The first provider of the push chain that serves this kind of target. A subscription is
   * bound to one VAPID key and a device token to one Firebase project, so another provider of
   * the same type could not deliver it either: the message is pinned rather than failed over.
   * Undefined when no provider of the type is configured (the sandbox takes any).
   */
  private providerFor(target: PushTarget): string | undefined {
    return this.registry.chain('push').find(({ config }) => config.type === target)?.config.id;
  }
}
