import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { BodyReadingGuard } from '../common/http/body-reading.guard';
import { oncePerSettings } from '../common/modules/once-per-settings';
import { RateLimitStoreModule } from '../common/rate-limit/rate-limit.module';
import { AppsModule } from './apps.module';
import { AccessGuard } from './access.guard';
import { CredentialResolver } from './credential.resolver';
import { JwksRefresh } from './jwks-key-set';
import { JwtVerifier } from './jwt.verifier';
import { MeController } from './me.controller';
import { RateLimitGuard } from './rate-limit.guard';
import { TokenIssuer } from './token.issuer';

/**
 * Credentials and limits for every route: API keys are checked against the apps module's keys,
 * limits kept by the sliding-window store. The rate limiter runs first so that failed
 * authentication attempts are counted against the caller's IP; the body is read last, once the
 * caller has passed both (global guards run in the order they are provided here).
 */
@Module({})
export class AuthModule {
  static readonly forRoot = oncePerSettings((settings): DynamicModule => ({
    module: AuthModule,
    imports: [AppsModule.forRoot(settings), RateLimitStoreModule.forRoot(settings)],
    controllers: [MeController],
    providers: [
      JwksRefresh,
      JwtVerifier,
      CredentialResolver,
      TokenIssuer,
      RateLimitGuard,
      AccessGuard,
      { provide: APP_GUARD, useExisting: RateLimitGuard },
      { provide: APP_GUARD, useExisting: AccessGuard },
      { provide: APP_GUARD, useExisting: BodyReadingGuard },
    ],
    exports: [TokenIssuer],
  }));
}
