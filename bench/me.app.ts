import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { CanActivate, ExecutionContext } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import type { Request } from 'express';
import { AppModule } from '../src/app.module';
import { APP_OPTIONS, configureApp } from '../src/app.setup';
import { ApiKeyService } from '../src/identity/api-key.service';
import { AppsService } from '../src/identity/apps.service';
import { AccessGuard } from '../src/identity/access.guard';
import type { ApiKeyPrincipal } from '../src/identity/principal';
import { RateLimitGuard } from '../src/identity/rate-limit.guard';
import { parseAppSettings } from '../src/app.settings';
import type { Environment } from '../src/common/config/variables';
import type { GatewaySettings } from '../src/contract/gateway-settings';

/** `guarded`: the real app. `open`: the same app with the rate-limit and access guards stubbed. */
export type Variant = 'guarded' | 'open';

export const VARIANTS: readonly Variant[] = ['guarded', 'open'];

export const isVariant = (value: unknown): value is Variant => VARIANTS.includes(value as Variant);

/**
 * The embedded default (in-memory stores, memory rate limiter), nothing logged, and a budget
 * so large that the limiter counts every hit but never refuses one. `extra` adds variables
 * (MONGODB_URI, REDIS_URL, DISPATCH_CONCURRENCY ...).
 */
export const benchSettings = (extra: Environment = {}): GatewaySettings =>
  parseAppSettings(
    { NODE_ENV: 'test', LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '1000000000', ...extra },
    () => randomBytes(32).toString('base64url'),
  );

/** The rate limiter turned off: every request passes, nothing is counted, no headers. */
const passEverything: CanActivate = { canActivate: () => true };

/** Authentication turned off: every request is the given key's caller, without any lookup. */
const actAs = (principal: ApiKeyPrincipal): CanActivate => ({
  canActivate(context: ExecutionContext): boolean {
    context.switchToHttp().getRequest<Request>().principal = principal;
    return true;
  },
});

/**
 * Builds one variant, unstarted, from a testing module (so that providers can be overridden)
 * with the same options and HTTP set-up as `createApp`: `APP_OPTIONS` and `configureApp` from
 * src/app.setup.ts. Both variants go through this one function, so they differ in their guards
 * only. `logger: false` keeps Nest quiet until `configureApp` installs the pino logger
 * (silent here). `open` needs the principal its stub guard hands to `/me`
 * (take it from the guarded app's key so that both answer the same body).
 */
export async function buildApp(
  variant: Variant,
  settings: GatewaySettings,
  principal?: ApiKeyPrincipal,
): Promise<NestExpressApplication> {
  let builder = Test.createTestingModule({ imports: [AppModule.forRoot(settings)] });
  if (variant === 'open') {
    if (!principal) throw new Error('the open variant needs the principal its guard stands in for');
    builder = builder
      .overrideProvider(RateLimitGuard)
      .useValue(passEverything)
      .overrideProvider(AccessGuard)
      .useValue(actAs(principal));
  }
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({
    ...APP_OPTIONS,
    logger: false,
  });
  return configureApp(app, settings);
}

/** Starts the app on a free loopback port and returns that port. */
export async function listenOnLoopback(app: NestExpressApplication): Promise<number> {
  await app.listen(0, '127.0.0.1');
  const address: AddressInfo | string | null = app.getHttpServer().address();
  if (address === null || typeof address === 'string') throw new Error('no TCP port was bound');
  return address.port;
}

/** An app and a key with every scope, and the principal the access guard makes of that key. */
export async function issueKey(
  app: NestExpressApplication,
): Promise<{ key: string; principal: ApiKeyPrincipal }> {
  const owner = await app.get(AppsService).create('Benchmark');
  const { key, record } = await app.get(ApiKeyService).issue(owner.id, 'benchmark');
  const principal: ApiKeyPrincipal = {
    kind: 'apiKey',
    appId: owner.id,
    appName: owner.name,
    keyId: record.id,
    scopes: record.scopes,
  };
  return { key, principal };
}
