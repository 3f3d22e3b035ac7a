import { type ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { ApiKeyService } from './api-key.service';
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
  ) {}

  /** Whether the request carries credentials at all (valid or not), without checking them. */
  presented(req: Request): boolean {
    return typeof req.headers['x-api-key'] === 'string' || req.headers.authorization !== undefined;
  }

  resolve(context: ExecutionContext): Promise<Resolution> {
    const req = context.switchToHttp().getRequest<Request>();
    let resolution = this.resolved.get(req);
    if (!resolution) {
      resolution = this.resolveOnce(req);
      this.resolved.set(req, resolution);
    }
    return resolution;
  }

  private async resolveOnce(req: Request): Promise<Resolution> {
    const apiKey = req.headers['x-api-key'];
    if (typeof apiKey === 'string') return this.fromApiKey(apiKey);
    const authorization = req.headers.authorization;
    if (authorization === undefined) return MISSING;
    const token = BEARER.exec(authorization)?.[1];
    if (token === undefined) return INVALID;
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
