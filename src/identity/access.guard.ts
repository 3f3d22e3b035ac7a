import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { Forbidden, Unauthorized } from '../common/errors/api-error';
import { AUTH_REQUIREMENT, type AuthRequirement, type RouteAccess } from './auth.decorator';
import { CredentialResolver } from './credential.resolver';
import type { Principal } from './principal';

/** A route without an `@Auth` or `@Public` decorator is for admins only. */
const UNDECLARED: AuthRequirement = { jwt: 'admin' };

/**
 * Enforces each route's `@Auth` requirement: 401 without valid credentials of a kind the route
 * takes (an API key on a token route lacks the token the route needs, and the reverse), 403
 * when they do not carry the role or scope.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly credentials: CredentialResolver,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const access = this.reflector.getAllAndOverride<RouteAccess | undefined>(AUTH_REQUIREMENT, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (access === 'public' || access === 'webhook') return true;
    const resolution = await this.credentials.resolve(context);
    switch (resolution.outcome) {
      case 'missing':
        throw new Unauthorized(missingCredentialText(access ?? UNDECLARED));
      case 'invalid':
        throw new Unauthorized('The API key or token is invalid, expired or revoked.');
      case 'authenticated':
        permit(resolution.principal, access ?? UNDECLARED);
        context.switchToHttp().getRequest<Request>().principal = resolution.principal;
        return true;
    }
  }
}

/** What to send, for the kinds of credential the route takes. */
function missingCredentialText(requirement: AuthRequirement): string {
  if (!requirement.jwt) return 'Send an API key in x-api-key.';
  if (!requirement.apiKey) return 'Send a bearer token in Authorization.';
  return 'Send an API key in x-api-key or a bearer token in Authorization.';
}

function permit(principal: Principal, requirement: AuthRequirement): void {
  switch (principal.kind) {
    case 'apiKey': {
      const needed = requirement.apiKey;
      if (!needed) {
        throw new Unauthorized(
          'This route takes a bearer token in Authorization; an API key does not open it.',
        );
      }
      if (needed !== true && !principal.scopes.includes(needed)) {
        throw new Forbidden(`This API key lacks the ${needed} scope.`);
      }
      return;
    }
    case 'jwt': {
      const role = requirement.jwt;
      if (!role) {
        throw new Unauthorized(
          'This route takes an API key in x-api-key; a token does not open it.',
        );
      }
      // Admins may do what any other role may; every other role grants itself only.
      const granted =
        role === 'any' || principal.roles.includes('admin') || principal.roles.includes(role);
      if (!granted) throw new Forbidden(`This route needs the ${role} role.`);
      return;
    }
  }
}
