import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy, type StrategyOptionsWithoutRequest } from 'passport-jwt';
import type { Settings } from '../common/config/settings';
import { InjectSettings } from '../common/config/settings.module';
import type { JwtPrincipal } from './principal';
import { rolesFrom } from './roles-claim';

export const JWT_STRATEGY = 'jwt';

/**
 * Bearer tokens: HS256 with JWT_SECRET or RS256 with JWT_PUBLIC_KEY, and only that algorithm,
 * so `alg: none` and HS/RS confusion fail. Expiry is enforced; issuer and audience when set.
 */
export function jwtOptions(settings: Settings): StrategyOptionsWithoutRequest {
  const { jwt } = settings;
  const key = jwt.mode === 'RS256' ? jwt.publicKey : jwt.secret;
  return {
    jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
    secretOrKey: key,
    algorithms: [jwt.mode === 'RS256' ? 'RS256' : 'HS256'],
    ignoreExpiration: false,
    ...(jwt.issuer ? { issuer: jwt.issuer } : {}),
    ...(jwt.audience ? { audience: jwt.audience } : {}),
  };
}

@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, JWT_STRATEGY) {
  private readonly rolesClaim: string;

  constructor(@InjectSettings() settings: Settings) {
    super(jwtOptions(settings));
    this.rolesClaim = settings.jwt.rolesClaim;
  }

  validate(claims: Record<string, unknown>): JwtPrincipal | false {
    const subject = claims.sub;
    if (typeof subject !== 'string' || subject === '') return false;
    return { kind: 'jwt', subject, roles: rolesFrom(claims, this.rolesClaim) };
  }
}
