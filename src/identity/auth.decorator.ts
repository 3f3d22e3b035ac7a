import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity } from '@nestjs/swagger';
import type { ApiKeyScope } from './app.model';
import { ErrorResponse, RateLimitedResponse } from '../common/http/openapi-responses';
import type { Role } from './principal';

export const API_KEY_SECURITY = 'api-key';
export const JWT_SECURITY = 'jwt';
export const API_KEY_BEARER_SECURITY = 'api-key-bearer';
export const AUTH_REQUIREMENT = 'switchboard:auth';
export const KEY_AS_BEARER = 'switchboard:key-as-bearer';

/**
 * Who may call a route. `apiKey`: app keys, `true` for any key or the scope the key must carry.
 * `jwt`: tokens, with the role required (`any`: a valid token whatever its roles; every role is
 * also granted to admins).
 */
export interface AuthRequirement {
  readonly apiKey?: true | ApiKeyScope;
  readonly jwt?: Role | 'any';
}

/**
 * `public`: anyone, limited per client IP. `webhook`: a route a provider posts to, public too
 * (a signature in the request is what authenticates it), with a per-IP budget of its own.
 */
export type RouteAccess = AuthRequirement | 'public' | 'webhook';

/** Who may pass, in words: `an API key with messages:send or a token with the admin role`. */
function whoMayPass(requirement: AuthRequirement): string {
  const { apiKey, jwt } = requirement;
  const key = apiKey === true ? 'an API key' : apiKey ? `an API key with ${apiKey}` : undefined;
  const token =
    jwt === 'any' ? 'a bearer token' : jwt ? `a bearer token with the ${jwt} role` : undefined;
  return [key, token].filter((part) => part !== undefined).join(' or ');
}

/** The one auth decorator of a route: guard metadata and the OpenAPI security, together. */
export function Auth(requirement: AuthRequirement): MethodDecorator & ClassDecorator {
  const security = [
    ...(requirement.apiKey ? [ApiSecurity(API_KEY_SECURITY)] : []),
    ...(requirement.jwt ? [ApiBearerAuth(JWT_SECURITY)] : []),
  ];
  const who = whoMayPass(requirement);
  // A route open to any key and any token refuses no valid credential.
  const restricted = !(requirement.apiKey === true && requirement.jwt === 'any');
  return applyDecorators(
    SetMetadata(AUTH_REQUIREMENT, requirement),
    ...security,
    ErrorResponse(
      401,
      `UNAUTHORIZED: no credential of a kind this route takes, or an invalid, expired or revoked one. Open to ${who}.`,
    ),
    ...(restricted
      ? [
          ErrorResponse(
            403,
            `FORBIDDEN: the credential is valid but lacks the scope or role: ${who}.`,
          ),
        ]
      : []),
    RateLimitedResponse(),
  );
}

/** A route anyone may call (health, version, metrics). */
export const Public = (): MethodDecorator & ClassDecorator =>
  SetMetadata(AUTH_REQUIREMENT, 'public' satisfies RouteAccess);

/**
 * A route providers post their reports to: no credentials of ours, limited per client IP with
 * the webhook budget (`RATE_LIMIT_WEBHOOK_IP_PER_MINUTE`), which is larger than the one of other
 * public routes since a provider posts from few addresses at the pace of the traffic.
 */
export const InboundWebhook = (): MethodDecorator & ClassDecorator =>
  SetMetadata(AUTH_REQUIREMENT, 'webhook' satisfies RouteAccess);

/**
 * A route that also takes an app API key as a bearer token (`Authorization: Bearer sb_…`), as
 * the clients of a system that sent its keys so expect; a bearer token that is no API key is
 * still verified as a JWT.
 */
export const KeyAsBearer = (): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(KEY_AS_BEARER, true), ApiSecurity(API_KEY_BEARER_SECURITY));
