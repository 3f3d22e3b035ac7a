import { type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  type ThrottlerModuleOptions,
  type ThrottlerOptions,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { AUTH_REQUIREMENT, type RouteAccess } from './auth.decorator';
import { CredentialResolver } from './credential.resolver';
import type { Principal } from './principal';
import type { Settings } from '../common/config/settings';
import { InjectSettings } from '../common/config/settings.module';
import { RateLimited } from '../common/errors/api-error';
import { RateLimitStore } from '../common/rate-limit/rate-limit.store';
import type { WindowDecision } from '../common/rate-limit/sliding-window';

interface Bucket {
  readonly tracker: string;
  readonly limit: number;
}

/** `@SkipThrottle()`'s metadata key for a throttler (the library's, which it does not export). */
const SKIP_KEY = 'THROTTLER:SKIP';

/** The throttlers a route is counted by: those not skipped by its decorators. */
type RouteThrottlers = readonly ThrottlerOptions[];

/**
 * One budget per caller across all routes: per API key (the app's override or the default),
 * per token subject, and per client IP for callers without valid credentials, which is what
 * slows down key guessing; the inbound webhook routes have a per-IP budget of their own.
 *
 * The IP comes first: a request without credentials is counted against its IP before anything
 * else, and one with credentials from an IP whose budget is spent is refused before they are
 * looked up. Only then is the caller authenticated and counted against its own budget (failed
 * credentials count against the IP). The body is read after all this (`BodyReadingGuard`).
 * Answers carry `RateLimit-*` headers; a refusal is 429 with `Retry-After`.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly credentials: CredentialResolver,
    @InjectSettings() private readonly settings: Settings,
    private readonly store: RateLimitStore,
  ) {
    super(options, storage, reflector);
  }

  /** Per handler and class: the routes' decorators, read once instead of on every request. */
  private readonly routeThrottlers = new WeakMap<object, WeakMap<object, RouteThrottlers>>();

  /**
   * The base class's walk, without its look-ups of the per-route overrides (`@Throttle` and
   * custom trackers), which no route uses and `handleRequest` would ignore: the limits are
   * the caller's, the window the throttler's. No `skipIf` is configured.
   */
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    for (const throttler of this.throttlersOf(context)) {
      const { ttl } = throttler;
      await this.limit(context, throttler, typeof ttl === 'function' ? await ttl(context) : ttl);
    }
    return true;
  }

  private throttlersOf(context: ExecutionContext): RouteThrottlers {
    const handler = context.getHandler();
    const classRef = context.getClass();
    let byClass = this.routeThrottlers.get(handler);
    if (!byClass) {
      byClass = new WeakMap();
      this.routeThrottlers.set(handler, byClass);
    }
    let throttlers = byClass.get(classRef);
    if (!throttlers) {
      throttlers = this.throttlers.filter(
        (throttler) =>
          !this.reflector.getAllAndOverride<boolean | undefined>(
            SKIP_KEY + (throttler.name ?? 'default'),
            [handler, classRef],
          ),
      );
      byClass.set(classRef, throttlers);
    }
    return throttlers;
  }

  private async limit(
    context: ExecutionContext,
    throttler: ThrottlerOptions,
    ttl: number,
  ): Promise<boolean> {
    const name = throttler.name ?? 'default';
    const access = this.reflector.getAllAndOverride<RouteAccess | undefined>(AUTH_REQUIREMENT, [
      context.getHandler(),
      context.getClass(),
    ]);
    const req = context.switchToHttp().getRequest<Request>();
    const byIp = this.ipBucket(req, access);
    const anonymous =
      access === 'public' || access === 'webhook' || !this.credentials.presented(req);
    if (anonymous) return this.spend(context, `${name}:${byIp.tracker}`, byIp.limit, ttl);
    const before = await this.store.peek(`${name}:${byIp.tracker}`, byIp.limit, ttl);
    if (!before.allowed) this.refuse(context, byIp.limit, before);
    const resolution = await this.credentials.resolve(context);
    const bucket =
      resolution.outcome === 'authenticated' ? this.principalBucket(resolution.principal) : byIp;
    return this.spend(context, `${name}:${bucket.tracker}`, bucket.limit, ttl);
  }

  private async spend(
    context: ExecutionContext,
    key: string,
    limit: number,
    ttl: number,
  ): Promise<boolean> {
    const decision = await this.store.hit(key, limit, ttl);
    if (!decision.allowed) this.refuse(context, limit, decision);
    this.announce(context, limit, decision);
    return true;
  }

  private refuse(context: ExecutionContext, limit: number, decision: WindowDecision): never {
    this.announce(context, limit, decision);
    throw new RateLimited(decision.retryAfterSeconds);
  }

  private announce(context: ExecutionContext, limit: number, decision: WindowDecision): void {
    const res = context.switchToHttp().getResponse<Response>();
    res.setHeader('RateLimit-Limit', limit);
    res.setHeader('RateLimit-Remaining', decision.remaining);
    res.setHeader('RateLimit-Reset', decision.resetSeconds);
  }

  private ipBucket(req: Request, access: RouteAccess | undefined): Bucket {
    const ip = req.ip ?? 'unknown';
    return access === 'webhook'
      ? { tracker: `webhook-ip:${ip}`, limit: this.settings.limits.webhookIpPerMinute }
      : { tracker: `ip:${ip}`, limit: this.settings.rateLimit.perIpPerMinute };
  }

  private principalBucket(principal: Principal): Bucket {
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
