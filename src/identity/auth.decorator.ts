import { applyDecorators, SetMetadata } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiSecurity,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { ApiKeyScope } from './app.model';
import { ErrorDto } from '../common/errors/error.dto';
import type { Role } from './principal';

export const API_KEY_SECURITY = 'api-key';
export const JWT_SECURITY = 'jwt';
export const AUTH_REQUIREMENT = 'switchboard:auth';

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

/** The one auth decorator of a route: guard metadata and the OpenAPI security, together. */
export function Auth(requirement: AuthRequirement): MethodDecorator & ClassDecorator {
  const security = [
    ...(requirement.apiKey ? [ApiSecurity(API_KEY_SECURITY)] : []),
    ...(requirement.jwt ? [ApiBearerAuth(JWT_SECURITY)] : []),
  ];
  return applyDecorators(
    SetMetadata(AUTH_REQUIREMENT, requirement),
    ...security,
    ApiUnauthorizedResponse({
      type: ErrorDto,
      description: 'Missing, invalid, expired or revoked credentials',
    }),
    ApiForbiddenResponse({ type: ErrorDto, description: 'The role or scope does not allow this' }),
    ApiTooManyRequestsResponse({
      type: ErrorDto,
      description: 'Rate limit reached; see Retry-After',
    }),
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
