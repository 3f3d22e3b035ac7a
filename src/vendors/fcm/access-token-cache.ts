/** An OAuth access token and how long it is valid from when it was issued. */
export interface AccessToken {
  readonly token: string;
  readonly expiresInSeconds: number;
}

export type TokenResult<F> =
  { readonly ok: true; readonly token: AccessToken } | { readonly ok: false; readonly failure: F };

/** Renew this long before expiry, so a token never runs out in the middle of a send. */
const RENEW_BEFORE_MS = 5 * 60 * 1000;

/**
 * Holds one access token until shortly before it expires. Sends that need a token while one is
 * being fetched wait for that fetch instead of starting their own.
 */
export class AccessTokenCache<F> {
  private current?: { readonly token: string; readonly renewAtMs: number };
  private pending?: Promise<TokenResult<F>>;

  constructor(
    private readonly fetchToken: () => Promise<TokenResult<F>>,
    private readonly nowMs: () => number,
  ) {}

  async get(): Promise<{ ok: true; token: string } | { ok: false; failure: F }> {
    if (this.current && this.nowMs() < this.current.renewAtMs)
      return { ok: true, token: this.current.token };
    this.pending ??= this.fetchToken().finally(() => {
      this.pending = undefined;
    });
    const requestedAtMs = this.nowMs();
    const result = await this.pending;
    if (!result.ok) return result;
    const lifetimeMs = result.token.expiresInSeconds * 1000;
    this.current = {
      token: result.token.token,
      renewAtMs: requestedAtMs + Math.max(lifetimeMs - RENEW_BEFORE_MS, lifetimeMs / 2),
    };
    return { ok: true, token: result.token.token };
  }

  /** Forgets the token, after the API refused it. */
  invalidate(token: string): void {
    if (this.current?.token === token) this.current = undefined;
  }
}
