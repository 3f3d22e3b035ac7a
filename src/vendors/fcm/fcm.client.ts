import { sign } from 'jsonwebtoken';
import type { Clock } from '../../common/clock/clock';
import { type AccessToken, AccessTokenCache, type TokenResult } from './access-token-cache';
import type { FcmFailure } from './fcm-errors';
import type { FcmServiceAccount } from './fcm-service-account';

export interface FcmClientOptions {
  readonly account: FcmServiceAccount;
  /** `https://fcm.googleapis.com`, or a stand-in. */
  readonly apiBaseUrl: string;
  readonly timeoutMs: number;
  readonly clock: Clock;
}

/** The FCM v1 message, as https://fcm.googleapis.com/v1/projects/{id}/messages:send takes it. */
export interface FcmMessage {
  readonly token: string;
  readonly notification: { readonly title?: string; readonly body: string };
  readonly data: Readonly<Record<string, string>>;
}

export type FcmResult =
  /** FCM took the message; `name` is its id (`projects/…/messages/…`). */
  | { readonly ok: true; readonly name: string }
  | { readonly ok: false; readonly failure: FcmFailure };

const SCOPE = 'https://www.googleapis.com/auth/firebase.messaging';
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const ASSERTION_LIFETIME_SECONDS = 3600;
const MAX_MESSAGE_LENGTH = 200;

type HttpAnswer =
  | { readonly ok: true; readonly status: number; readonly body: unknown }
  | { readonly ok: false; readonly failure: Extract<FcmFailure, { kind: 'network' | 'timeout' }> };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const textOf = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

const short = (text: string): string =>
  text.replace(/\s+/g, ' ').trim().slice(0, MAX_MESSAGE_LENGTH);

/** FCM's error code and whether a field violation names the token, from `error.details`. */
function errorDetails(details: unknown): { fcmErrorCode?: string; aboutToken: boolean } {
  const list = Array.isArray(details) ? details.filter(isRecord) : [];
  const fcmErrorCode = list.map((detail) => textOf(detail.errorCode)).find(Boolean);
  const aboutToken = list.some(
    (detail) =>
      Array.isArray(detail.fieldViolations) &&
      detail.fieldViolations.some(
        (violation) => isRecord(violation) && violation.field === 'message.token',
      ),
  );
  return { ...(fcmErrorCode === undefined ? {} : { fcmErrorCode }), aboutToken };
}

/**
 * The one client of Google's FCM HTTP v1 API and of the OAuth token endpoint its service account
 * names. The token comes from the JWT-bearer grant (RFC 7523): an assertion signed with the
 * account's key is exchanged at the key file's `token_uri`. Written with jsonwebtoken and fetch
 * rather than google-auth-library because that library's service-account flow posts to Google's
 * fixed token URL whatever the key file says, which would leave no way to point the flow at a
 * stand-in token endpoint.
 */
export class FcmClient {
  private readonly tokens: AccessTokenCache<FcmFailure>;

  constructor(private readonly options: FcmClientOptions) {
    this.tokens = new AccessTokenCache(
      () => this.requestToken(),
      () => options.clock.nowMs(),
    );
  }

  async send(message: FcmMessage): Promise<FcmResult> {
    const token = await this.tokens.get();
    if (!token.ok) return token;
    const { apiBaseUrl, account } = this.options;
    const url = `${apiBaseUrl.replace(/\/+$/, '')}/v1/projects/${encodeURIComponent(account.projectId)}/messages:send`;
    const answer = await this.post(url, {
      headers: { authorization: `Bearer ${token.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ message }),
    });
    if (!answer.ok) return answer;
    const name = isRecord(answer.body) ? textOf(answer.body.name) : undefined;
    if (answer.status >= 200 && answer.status < 300 && name) return { ok: true, name };
    if (answer.status === 401) this.tokens.invalidate(token.token);
    return { ok: false, failure: this.sendFailure(answer.status, answer.body) };
  }

  private async requestToken(): Promise<TokenResult<FcmFailure>> {
    const answer = await this.post(this.options.account.tokenUri, {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: JWT_BEARER, assertion: this.assertion() }).toString(),
    });
    if (!answer.ok) return answer;
    const body = isRecord(answer.body) ? answer.body : {};
    const token = textOf(body.access_token);
    const expiresIn = typeof body.expires_in === 'number' ? body.expires_in : undefined;
    if (answer.status === 200 && token && expiresIn !== undefined && expiresIn > 0) {
      const accessToken: AccessToken = { token, expiresInSeconds: expiresIn };
      return { ok: true, token: accessToken };
    }
    const error = textOf(body.error);
    const description = textOf(body.error_description) ?? error ?? 'no access token in the answer';
    return {
      ok: false,
      failure: {
        kind: 'token',
        status: answer.status,
        ...(error === undefined ? {} : { error }),
        message: short(description),
      },
    };
  }

  /** The RFC 7523 assertion: issued by the account, for the token endpoint, scoped to FCM. */
  private assertion(): string {
    const { account, clock } = this.options;
    const issuedAt = Math.floor(clock.nowMs() / 1000);
    return sign(
      {
        iss: account.clientEmail,
        scope: SCOPE,
        aud: account.tokenUri,
        iat: issuedAt,
        exp: issuedAt + ASSERTION_LIFETIME_SECONDS,
      },
      account.privateKey,
      {
        algorithm: 'RS256',
        ...(account.privateKeyId === undefined ? {} : { keyid: account.privateKeyId }),
      },
    );
  }

  private sendFailure(status: number, body: unknown): FcmFailure {
    const error = isRecord(body) && isRecord(body.error) ? body.error : {};
    const googleStatus = textOf(error.status);
    return {
      kind: 'send',
      status,
      ...(googleStatus === undefined ? {} : { googleStatus }),
      ...errorDetails(error.details),
      message: short(textOf(error.message) ?? `HTTP ${status}`),
    };
  }

  private async post(
    url: string,
    init: { headers: Record<string, string>; body: string },
  ): Promise<HttpAnswer> {
    const { timeoutMs } = this.options;
    try {
      const response = await fetch(url, {
        method: 'POST',
        ...init,
        redirect: 'error',
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await response.text();
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined;
      }
      return { ok: true, status: response.status, body };
    } catch (error) {
      if (error instanceof DOMException && error.name === 'TimeoutError')
        return {
          ok: false,
          failure: { kind: 'timeout', message: `no answer within ${timeoutMs} ms` },
        };
      const cause = (error as { cause?: { code?: unknown } }).cause;
      const code = typeof cause?.code === 'string' ? cause.code : 'connection failed';
      return { ok: false, failure: { kind: 'network', message: code } };
    }
  }
}
