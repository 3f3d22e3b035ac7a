import { type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  type ThrottlerModuleOptions,
  type ThrottlerRequest,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { AUTH_REQUIREMENT, type RouteAccess } from './auth.decorator';
import { CredentialResolver } from './credential.resolver';
import type { Settings } from '../common/config/settings';
import { InjectSettings } from '../common/config/settings.module';
import { RateLimited } from '../common/errors/api-error';

interface Bucket {
  readonly tracker: string;
  readonly limit: number;
}

/**
 * One budget per caller across all routes: per API key (the app's override or the default),
 * per token subject, and per client IP for callers without valid credentials, which is what
 * slows down key guessing. Answers carry `RateLimit-*` headers; a refusal is 429 with
 * `Retry-After`.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly credentials: CredentialResolver,
    @InjectSettings() private readonly settings: Settings,
  ) {
    super(options, storage, reflector);
  }

  protected override async handleRequest(props: ThrottlerRequest): Promise<boolean> {
    const { context, ttl, throttler } = props;
    const bucket = await this.bucketFor(context);
    const name = throttler.name ?? 'default';
    const record = await this.storageService.increment(
      `${name}:${bucket.tracker}`,
      ttl,
      bucket.limit,
      ttl,
      name,
    );
    const res = context.switchToHttp().getResponse<Response>();
    res.setHeader('RateLimit-Limit', bucket.limit);
    res.setHeader('RateLimit-Remaining', Math.max(0, bucket.limit - record.totalHits));
    res.setHeader('RateLimit-Reset', record.timeToExpire);
    if (record.isBlocked) throw new RateLimited(record.timeToBlockExpire);
    return true;
  }

  private async bucketFor(context: ExecutionContext): Promise<Bucket> {
    const access = this.reflector.getAllAndOverride<RouteAccess | undefined>(AUTH_REQUIREMENT, [
      context.getHandler(),
      context.getClass(),
    ]);
    const byIp = {
      tracker: `ip:${context.switchToHttp().getRequest<Request>().ip ?? 'unknown'}`,
      limit: this.settings.rateLimit.perIpPerMinute,
    };
    if (access === 'public') return byIp;
    const resolution = await this.credentials.resolve(context);
    if (resolution.outcome !== 'authenticated') return byIp;
    const { principal } = resolution;
    switch (principal.kind) {
      case 'apiKey':
        return {
          tracker: `key:${principal.keyId}`,
          limit: principal.rateLimitPerMinute ?? this.settings.rateLimit.perMinute,
        };
      case 'jwt':
        return { tracker: `jwt:${principal.subject}`, limit: this.settings.rateLimit.perMinute };
    }
  }
}
