import { Injectable, Logger } from '@nestjs/common';
import {
  createLocalJWKSet,
  errors,
  type FlattenedJWSInput,
  type JWTHeaderParameters,
  type JWTVerifyGetKey,
  type KeyLike,
} from 'jose';
import type { Clock } from '../common/clock/clock';
import { boundedGet } from '../common/http/bounded-get';

/**
 * How the identity provider's key set is kept: the one place of this timing, so that tests may
 * shorten it.
 */
@Injectable()
export class JwksRefresh {
  /**
   * The set is fetched at most once in this long, whatever the tokens ask for: a flood of
   * tokens naming made-up `kid`s costs the identity provider one request, not one each.
   */
  cooldownMs = 30_000;
  /** A set older than this is fetched again before use, so that a withdrawn key stops working. */
  maxAgeMs = 10 * 60_000;
  timeoutMs = 5_000;
  /** Key sets hold a few keys; a few kilobytes each with their certificates. */
  maxBytes = 256 * 1024;
}

type JwksSelector = (
  header: JWTHeaderParameters,
  token: FlattenedJWSInput,
) => Promise<KeyLike | Uint8Array>;

/**
 * The keys published at `JWT_JWKS_URL`, as jose's `jwtVerify` asks for them: the key a token's
 * header names (`kid`, `alg`), chosen by jose's local key set. The set is fetched when first
 * needed, again when it is older than `maxAgeMs` or a token names a key it lacks (a rotation at
 * the identity provider), and never more often than once per `cooldownMs`. A failed fetch keeps
 * the set it had, so an identity provider's short outage does not log every admin out.
 */
export class JwksKeySet {
  private readonly logger = new Logger(JwksKeySet.name);
  private select?: JwksSelector;
  private fetchedAtMs = Number.NEGATIVE_INFINITY;
  private attemptedAtMs = Number.NEGATIVE_INFINITY;
  private pending?: Promise<void>;

  constructor(
    private readonly url: URL,
    private readonly refresh: JwksRefresh,
    private readonly clock: Clock,
  ) {}

  readonly getKey: JWTVerifyGetKey = async (header, token) => {
    if (this.clock.nowMs() - this.fetchedAtMs > this.refresh.maxAgeMs) await this.reload();
    try {
      return await this.chosen(header, token);
    } catch (error) {
      if (!(error instanceof errors.JWKSNoMatchingKey)) throw error;
      await this.reload();
      return this.chosen(header, token);
    }
  };

  private chosen(header: JWTHeaderParameters, token: FlattenedJWSInput) {
    if (!this.select) throw new errors.JWKSNoMatchingKey();
    return this.select(header, token);
  }

  /** Fetches the set unless a fetch started less than `cooldownMs` ago (then waits for it). */
  private reload(): Promise<void> {
    const now = this.clock.nowMs();
    if (now - this.attemptedAtMs < this.refresh.cooldownMs)
      return this.pending ?? Promise.resolve();
    this.attemptedAtMs = now;
    this.pending = this.fetch().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async fetch(): Promise<void> {
    try {
      const text = await boundedGet(this.url, this.refresh);
      this.select = createLocalJWKSet(JSON.parse(text) as Parameters<typeof createLocalJWKSet>[0]);
      this.fetchedAtMs = this.clock.nowMs();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.logger.warn(
        `could not fetch the key set at JWT_JWKS_URL (kept the last one): ${reason}`,
      );
    }
  }
}
