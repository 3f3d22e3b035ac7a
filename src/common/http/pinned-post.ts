import { request as httpRequest, type OutgoingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { pinnedLookup } from './outbound-url';

/** One POST to a URL whose host `OutboundUrlPolicy.resolveSafe` approved. */
export interface PinnedPost {
  readonly url: string;
  /** The address `resolveSafe` checked: the connection goes there and nowhere else. */
  readonly address: string;
  readonly family: 4 | 6;
  readonly headers: OutgoingHttpHeaders;
  readonly body: string;
  /** Limit from connecting to the response headers. */
  readonly timeoutMs: number;
  /** Ends the request early (shutdown). */
  readonly signal?: AbortSignal;
}

export type PostOutcome =
  | { readonly kind: 'answered'; readonly status: number }
  | { readonly kind: 'timeout'; readonly timeoutMs: number }
  /** `code` is the socket error code only: error messages name the connected address. */
  | { readonly kind: 'network'; readonly code: string };

/**
 * POSTs `body` to the pinned address and settles with the answer's status, never rejecting.
 * Redirects are not followed (following one would bypass the address check), and every post
 * opens a fresh connection, since a pooled socket would skip the pinned lookup. The response
 * body is drained and dropped.
 */
export function postPinned(post: PinnedPost): Promise<PostOutcome> {
  const url = new URL(post.url);
  const timeout = AbortSignal.timeout(post.timeoutMs);
  const options = {
    method: 'POST',
    headers: { ...post.headers, 'content-length': Buffer.byteLength(post.body) },
    lookup: pinnedLookup(post.address, post.family),
    agent: false,
    signal: post.signal ? AbortSignal.any([timeout, post.signal]) : timeout,
  };
  return new Promise((resolve) => {
    const onResponse = (response: { statusCode?: number; resume(): unknown }): void => {
      response.resume();
      resolve({ kind: 'answered', status: response.statusCode ?? 0 });
    };
    const request =
      url.protocol === 'https:'
        ? httpsRequest(url, options, onResponse)
        : httpRequest(url, options, onResponse);
    request.once('error', (error: NodeJS.ErrnoException) => {
      if (timeout.aborted) resolve({ kind: 'timeout', timeoutMs: post.timeoutMs });
      else resolve({ kind: 'network', code: error.code ?? error.name });
    });
    request.end(post.body);
  });
}
