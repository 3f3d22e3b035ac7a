import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { AccessGuard } from './access.guard';
import { CredentialResolver, JwtAuthenticator } from './credential.resolver';
import { JwtStrategy } from './jwt.strategy';
import { MeController } from './me.controller';
import { RateLimitGuard } from './rate-limit.guard';
import { TokenIssuer } from './token.issuer';

/**
 * Credentials and limits for every route. The rate limiter runs first so that failed
 * authentication attempts are counted against the caller's IP.
 */
@Module({
  imports: [PassportModule],
  controllers: [MeController],
  providers: [
    JwtStrategy,
    JwtAuthenticator,
    CredentialResolver,
    TokenIssuer,
    RateLimitGuard,
    AccessGuard,
    { provide: APP_GUARD, useExisting: RateLimitGuard },
    { provide: APP_GUARD, useExisting: AccessGuard },
  ],
  exports: [TokenIssuer],
})
export class AuthModule {}
