import { Agent } from 'node:https';
import { sendNotification, WebPushError } from 'web-push';
import type { WebPushKeys } from '../../contract/content/push.content';
import { pinnedLookup } from '../../common/http/outbound-url';
import type { WebPushFailure } from './webpush-errors';
import type { Urgency } from './webpush-options';
import type { VapidKeys } from './vapid-keys';

export interface WebPushClientOptions {
  readonly vapidKeys: VapidKeys;
  readonly vapidSubject: string;
  readonly ttlSeconds: number;
  readonly urgency: Urgency;
  readonly ca?: string;
  readonly timeoutMs: number;
}

export interface WebPushDelivery {
  readonly endpoint: string;
  readonly keys: WebPushKeys;
  readonly payload: string;
  /** The address `OutboundUrlPolicy.resolveSafe` approved; the connection goes there only. */
  readonly address: { readonly address: string; readonly family: 4 | 6 };
}

export type WebPushResult =
  /** The push service took the message; `location` names it (RFC 8030 §5), when given. */
  | { readonly ok: true; readonly location?: string }
  | { readonly ok: false; readonly failure: WebPushFailure };

/** Node's codes for a connection that could not be made or broke off. */
const NETWORK_CODES = /^(E[A-Z]+|ERR_TLS_.*|CERT_.*|UNABLE_TO_.*|DEPTH_ZERO_.*|SELF_SIGNED_.*)$/;

/**
 * The one wrapper of the `web-push` package: it signs the VAPID JWT and encrypts the payload
 * (aes128gcm, RFC 8291). The request goes through an https.Agent of our own, fresh per send,
 * whose lookup answers with the approved address only, so DNS cannot steer it elsewhere between
 * the check and the connection while SNI and the certificate check still use the endpoint's
 * name.
 */
export class WebPushClient {
  constructor(private readonly options: WebPushClientOptions) {}

  get publicKey(): string {
    return this.options.vapidKeys.publicKey;
  }

  async send(delivery: WebPushDelivery): Promise<WebPushResult> {
    const { vapidKeys, vapidSubject, ttlSeconds, urgency, ca, timeoutMs } = this.options;
    const agent = new Agent({
      lookup: pinnedLookup(delivery.address.address, delivery.address.family),
      keepAlive: false,
      ...(ca === undefined ? {} : { ca }),
    });
    try {
      const result = await sendNotification(
        { endpoint: delivery.endpoint, keys: delivery.keys },
        delivery.payload,
        {
          vapidDetails: { subject: vapidSubject, ...vapidKeys },
          TTL: ttlSeconds,
          urgency,
          contentEncoding: 'aes128gcm',
          agent,
          timeout: timeoutMs,
        },
      );
      const location = result.headers.location;
      return { ok: true, ...(typeof location === 'string' ? { location } : {}) };
    } catch (error) {
      return { ok: false, failure: this.describe(error) };
    } finally {
      agent.destroy();
    }
  }

  private describe(error: unknown): WebPushFailure {
    if (error instanceof WebPushError)
      return { kind: 'status', status: error.statusCode, body: error.body };
    const { code, message } = error as Partial<NodeJS.ErrnoException>;
    if (message === 'Socket timeout')
      return { kind: 'timeout', message: `no answer within ${this.options.timeoutMs} ms` };
    if (code !== undefined && NETWORK_CODES.test(code)) return { kind: 'network', message: code };
    return { kind: 'refused', message: message ?? 'unknown error' };
  }
}
