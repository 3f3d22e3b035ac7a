import { type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { prefixOf } from './api-key.format';
import { ApiKeyService } from './api-key.service';
import { KEY_AS_BEARER } from './auth.decorator';
import { JwtVerifier } from './jwt.verifier';
import type { ApiKeyPrincipal, Principal } from './principal';

export type Resolution =
  | { readonly outcome: 'authenticated'; readonly principal: Principal }
  | { readonly outcome: 'missing' }
  | { readonly outcome: 'invalid' };

const MISSING: Resolution = { outcome: 'missing' };
const INVALID: Resolution = { outcome: 'invalid' };
const BEARER = /^Bearer\s+(\S+)$/i;

/**
 * Works out who is calling, once per request: the rate limiter needs it to pick a budget
 * before the auth guard decides whether the caller may pass.
 */
@Injectable()
export class CredentialResolver {
  private readonly resolved = new WeakMap<Request, Promise<Resolution>>();

  constructor(
    private readonly apiKeys: ApiKeyService,
    private readonly jwt: JwtVerifier,
    private readonly reflector: Reflector,
  ) {}

  /** Whether the request carries credentials at all (valid or not), without checking them. */
  presented(req: Request): boolean {
    return typeof req.headers['x-api-key'] === 'string' || req.headers.authorization !== undefined;
  }

  resolve(context: ExecutionContext): Promise<Resolution> {
    const req = context.switchToHttp().getRequest<Request>();
    let resolution = this.resolved.get(req);
    if (!resolution) {
      const keyAsBearer = this.reflector.getAllAndOverride<boolean | undefined>(KEY_AS_BEARER, [
        context.getHandler(),
        context.getClass(),
      ]);
      resolution = this.resolveOnce(req, keyAsBearer === true);
      this.resolved.set(req, resolution);
    }
    return resolution;
  }

  /** `keyAsBearer`: the route takes an API key in `Authorization: Bearer` too (`KeyAsBearer`). */
  private async resolveOnce(req: Request, keyAsBearer: boolean): Promise<Resolution> {
    const apiKey = req.headers['x-api-key'];
    if (typeof apiKey === 'string') return this.fromApiKey(apiKey);
    const authorization = req.headers.authorization;
    if (authorization === undefined) return MISSING;
    const token = BEARER.exec(authorization)?.[1];
    if (token === undefined) return INVALID;
    if (keyAsBearer && prefixOf(token) !== undefined) return this.fromApiKey(token);
    const principal = await this.jwt.verify(token);
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
