import { type ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard as PassportGuard } from '@nestjs/passport';
import type { Request } from 'express';
import { ApiKeyService } from './api-key.service';
import { JWT_STRATEGY } from './jwt.strategy';
import type { ApiKeyPrincipal, JwtPrincipal, Principal } from './principal';

export type Resolution =
  | { readonly outcome: 'authenticated'; readonly principal: Principal }
  | { readonly outcome: 'missing' }
  | { readonly outcome: 'invalid' };

const MISSING: Resolution = { outcome: 'missing' };
const INVALID: Resolution = { outcome: 'invalid' };

/** Runs the passport JWT strategy without throwing: a bad token is simply no principal. */
@Injectable()
export class JwtAuthenticator extends PassportGuard(JWT_STRATEGY) {
  override handleRequest<T>(_error: unknown, principal: T | false | null): T | undefined {
    return principal || undefined;
  }

  async authenticate(context: ExecutionContext): Promise<JwtPrincipal | undefined> {
    await this.canActivate(context);
    const { user } = context.switchToHttp().getRequest<Request & { user?: JwtPrincipal }>();
    return user;
  }
}

/**
 * Works out who is calling, once per request: the rate limiter needs it to pick a budget
 * before the auth guard decides whether the caller may pass.
 */
@Injectable()
export class CredentialResolver {
  private readonly resolved = new WeakMap<Request, Promise<Resolution>>();

  constructor(
    private readonly apiKeys: ApiKeyService,
    private readonly jwt: JwtAuthenticator,
  ) {}

  resolve(context: ExecutionContext): Promise<Resolution> {
    const req = context.switchToHttp().getRequest<Request>();
    let resolution = this.resolved.get(req);
    if (!resolution) {
      resolution = this.resolveOnce(req, context);
      this.resolved.set(req, resolution);
    }
    return resolution;
  }

  private async resolveOnce(req: Request, context: ExecutionContext): Promise<Resolution> {
    const apiKey = req.headers['x-api-key'];
    if (typeof apiKey === 'string') return this.fromApiKey(apiKey);
    const authorization = req.headers.authorization;
    if (authorization === undefined) return MISSING;
    if (!/^Bearer\s+\S+$/i.test(authorization)) return INVALID;
    const principal = await this.jwt.authenticate(context);
    return principal ? { outcome: 'authenticated', principal } : INVALID;
  }

  private async fromApiKey(presented: string): Promise<Resolution> {
    const owner = await this.apiKeys.authenticate(presented.trim());
    if (!owner) return INVALID;
    const principal: ApiKeyPrincipal = {
      kind: 'apiKey',
      appId: owner.app.id,
      appName: owner.app.name,
      keyId: owner.key.id,
      scopes: owner.key.scopes,
      ...(owner.app.rateLimitPerMinute === undefined
        ? {}
        : { rateLimitPerMinute: owner.app.rateLimitPerMinute }),
      ...(owner.app.phoneNumberCheck === undefined
        ? {}
        : { phoneNumberCheck: owner.app.phoneNumberCheck }),
    };
    return { outcome: 'authenticated', principal };
  }
}
