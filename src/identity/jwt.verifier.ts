import { createPublicKey, createSecretKey } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { Clock } from '../common/clock/clock';
import type { JwtVerification, Settings } from '../common/config/settings';
import { InjectSettings } from '../common/config/settings.module';
import { JwksKeySet, JwksRefresh } from './jwks-key-set';
import type { JwtPrincipal } from './principal';
import { rolesFrom } from './roles-claim';

/** Where the verification key comes from, and the only algorithms a token may use with it. */
interface TokenKeys {
  readonly getKey: JWTVerifyGetKey;
  readonly algorithms: readonly string[];
}

function tokenKeys(jwt: JwtVerification, refresh: JwksRefresh, clock: Clock): TokenKeys {
  switch (jwt.mode) {
    case 'HS256':
    case 'development': {
      const key = createSecretKey(Buffer.from(jwt.secret, 'utf8'));
      return { getKey: () => key, algorithms: ['HS256'] };
    }
    case 'RS256': {
      const key = createPublicKey(jwt.publicKey);
      return { getKey: () => key, algorithms: ['RS256'] };
    }
    case 'JWKS':
      return {
        getKey: new JwksKeySet(new URL(jwt.jwksUrl), refresh, clock).getKey,
        algorithms: ['RS256', 'ES256'],
      };
  }
}

/**
 * Bearer tokens, verified with jose: HS256 with JWT_SECRET, RS256 with JWT_PUBLIC_KEY, or RS256
 * and ES256 with the keys at JWT_JWKS_URL, and only those algorithms, so `alg: none` and HS/RS
 * confusion fail. A token must carry `exp` and a subject, live no longer than
 * JWT_MAX_LIFETIME_SECONDS, and name JWT_ISSUER and JWT_AUDIENCE when they are set (production
 * requires them).
 */
@Injectable()
export class JwtVerifier {
  private readonly keys: TokenKeys;

  constructor(
    @InjectSettings() private readonly settings: Settings,
    refresh: JwksRefresh,
    private readonly clock: Clock,
  ) {
    this.keys = tokenKeys(settings.jwt, refresh, clock);
  }

  /** The principal the token names; undefined for any token that fails a check. */
  async verify(token: string): Promise<JwtPrincipal | undefined> {
    const { issuer, audience, rolesClaim } = this.settings.jwt;
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.keys.getKey, {
        algorithms: [...this.keys.algorithms],
        requiredClaims: ['exp', 'sub'],
        currentDate: this.clock.now(),
        ...(issuer === undefined ? {} : { issuer }),
        ...(audience === undefined ? {} : { audience }),
      }));
    } catch {
      return undefined;
    }
    const { sub: subject } = payload;
    if (!this.withinLifetime(payload) || subject === undefined || subject === '') return undefined;
    return { kind: 'jwt', subject, roles: rolesFrom(payload, rolesClaim) };
  }

  /**
   * A token may live JWT_MAX_LIFETIME_SECONDS, counted from when it was issued (or from now,
   * when it does not say): one minted to last a year is refused even while it is young.
   */
  private withinLifetime({ exp, iat }: JWTPayload): boolean {
    const from = iat ?? this.clock.nowMs() / 1000;
    return exp !== undefined && exp - from <= this.settings.jwt.maxLifetimeSeconds;
  }
}
