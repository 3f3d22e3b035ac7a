import { Injectable } from '@nestjs/common';
import { validateRequest } from 'twilio';

/** A request as Twilio signs it. */
export interface TwilioSignedRequest {
  /** The full URL Twilio posted to, query string included, as Twilio was told it. */
  readonly url: string;
  /** The POST body's form parameters. */
  readonly params: Readonly<Record<string, string | readonly string[]>>;
  /** The `X-Twilio-Signature` header; undefined when the request has none. */
  readonly signature: string | undefined;
}

/**
 * The one check of `X-Twilio-Signature`: base64 HMAC-SHA1, keyed with the account's auth token,
 * of the URL followed by each POST parameter's name and value in name order. The SDK's
 * `validateRequest` computes it, tries the URL with and without its default port (Twilio may
 * sign either) and compares in constant time.
 */
@Injectable()
export class TwilioSignatureVerifier {
  /** Whether one of `authTokens` (an account's current tokens) signed the request. */
  isSignedByAny(request: TwilioSignedRequest, authTokens: readonly string[]): boolean {
    const { signature, url } = request;
    if (!signature) return false;
    const params = { ...request.params };
    return authTokens.some((authToken) => validateRequest(authToken, signature, url, params));
  }
}
