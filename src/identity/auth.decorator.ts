import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity } from '@nestjs/swagger';
import type { ApiKeyScope } from './app.model';
import { ErrorResponse, RateLimitedResponse } from '../common/http/openapi-responses';
import type { Role } from './principal';

export const API_KEY_SECURITY = 'api-key';
export const JWT_SECURITY = 'jwt';
export const AUTH_REQUIREMENT = 'switchboard:auth';

/**
 * Who may call a route. `apiKey`: app keys, `true` for any key or the scope the key must carry.
 * `jwt`: tokens, with the role required (`any`: a valid token whatever its roles; `viewer` is
 * also granted to admins).
 */
export interface AuthRequirement {
  readonly apiKey?: true | ApiKeyScope;
  readonly jwt?: Role | 'any';
}

export type RouteAccess = AuthRequirement | 'public';

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
