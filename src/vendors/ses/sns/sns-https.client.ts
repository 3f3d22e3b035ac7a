import { Injectable } from '@nestjs/common';
import { boundedGet, type GetLimits } from '../../../common/http/bounded-get';

/**
 * The GET requests SNS messages lead to: a signing certificate, a subscription confirmation.
 * Callers pass only URLs of SNS endpoints (see `snsEndpointUrl`).
 */
export abstract class SnsHttpsClient {
  /** The body of a 200 answer; rejects on any other answer or a network failure. */
  abstract get(url: URL): Promise<string>;
}

/** Certificates are a few kilobytes, confirmation answers less. */
const LIMITS: GetLimits = { timeoutMs: 5_000, maxBytes: 64 * 1024 };

/**
 * Node's fetch through `boundedGet`: no redirects followed (the URL was checked, its target
 * would not be), and the answer read while it streams, closed at the first byte past the cap.
 */
@Injectable()
export class FetchSnsHttpsClient extends SnsHttpsClient {
  get(url: URL): Promise<string> {
    return boundedGet(url, LIMITS);
  }
}
