import type { OutgoingHttpHeaders } from 'node:http';
import type { OutboundUrlPolicy } from '../../common/http/outbound-url';
import { type PostOutcome, postPinned } from '../../common/http/pinned-post';

/** How one post to a receiver went. */
export type WebhookOutcome =
  | PostOutcome
  /** The policy refuses the URL (it now resolves to a private address): no request was made. */
  | { readonly kind: 'refused'; readonly reason: string }
  /** The host could not be resolved, which may pass: no request was made. */
  | { readonly kind: 'unresolved'; readonly reason: string };

/**
 * HTTP to webhook receivers. Each post resolves the URL's host again and checks every address
 * it resolves to, then connects to the checked address only, so a name that was public when
 * the message was accepted cannot be rebound to the private network by the time it is sent.
 */
export class WebhookClient {
  constructor(
    private readonly policy: OutboundUrlPolicy,
    private readonly timeoutMs: number,
  ) {}

  async post(url: string, headers: OutgoingHttpHeaders, body: string): Promise<WebhookOutcome> {
    const resolved = await this.policy.resolveSafe(url);
    if (!resolved.ok) {
      return { kind: resolved.retryable ? 'unresolved' : 'refused', reason: resolved.reason };
    }
    return postPinned({
      url,
      address: resolved.address,
      family: resolved.family,
      headers,
      body,
      timeoutMs: this.timeoutMs,
    });
  }
}
