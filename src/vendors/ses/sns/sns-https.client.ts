import { Injectable } from '@nestjs/common';

/**
 * The GET requests SNS messages lead to: a signing certificate, a subscription confirmation.
 * Callers pass only URLs of SNS endpoints (see `snsEndpointUrl`).
 */
export abstract class SnsHttpsClient {
  /** The body of a 200 answer; rejects on any other answer or a network failure. */
  abstract get(url: URL): Promise<string>;
}

const TIMEOUT_MS = 5_000;
/** Certificates are a few kilobytes, confirmation answers less. */
const MAX_BODY_CHARS = 64 * 1024;

/** Node's fetch: no redirects followed (the URL was checked, its target would not be), bounded. */
@Injectable()
export class FetchSnsHttpsClient extends SnsHttpsClient {
  async get(url: URL): Promise<string> {
    const response = await fetch(url, {
      redirect: 'error',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const body = await response.text();
    if (response.status !== 200) throw new Error(`${url.host} answered ${response.status}`);
    if (body.length > MAX_BODY_CHARS) throw new Error(`${url.host} answered with too much`);
    return body;
  }
}
