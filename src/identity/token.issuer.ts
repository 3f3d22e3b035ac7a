import { Injectable } from '@nestjs/common';
import { sign } from 'jsonwebtoken';
import type { Settings } from '../common/config/settings';
import { InjectSettings } from '../common/config/settings.module';
import type { Role } from './principal';

export interface TokenRequest {
  readonly subject: string;
  readonly roles: readonly Role[];
  readonly expiresInSeconds: number;
  /** PEM private key, required when tokens are verified with JWT_PUBLIC_KEY. */
  readonly privateKey?: string;
}

/** Mints tokens this service accepts: for the development start-up banner and the CLI. */
@Injectable()
export class TokenIssuer {
  constructor(@InjectSettings() private readonly settings: Settings) {}

  /** Whether this service holds the key its tokens are signed with (a secret, made or set). */
  get holdsSigningKey(): boolean {
    return this.settings.jwt.mode === 'HS256' || this.settings.jwt.mode === 'development';
  }

  mint(request: TokenRequest): string {
    const { jwt } = this.settings;
    if (request.expiresInSeconds > jwt.maxLifetimeSeconds) {
      throw new Error(
        `tokens may live at most ${jwt.maxLifetimeSeconds} seconds (JWT_MAX_LIFETIME_SECONDS)`,
      );
    }
    const claims = { [jwt.rolesClaim]: [...request.roles] };
    const options = {
      subject: request.subject,
      expiresIn: request.expiresInSeconds,
      ...(jwt.issuer ? { issuer: jwt.issuer } : {}),
      ...(jwt.audience ? { audience: jwt.audience } : {}),
    };
    switch (jwt.mode) {
      case 'JWKS':
        throw new Error(
          'tokens are verified with the keys at JWT_JWKS_URL: the identity provider issues them',
        );
      case 'RS256':
        if (!request.privateKey) {
          throw new Error('tokens are verified with JWT_PUBLIC_KEY: give the matching private key');
        }
        return sign(claims, request.privateKey, { ...options, algorithm: 'RS256' });
      case 'HS256':
      case 'development':
        return sign(claims, jwt.secret, { ...options, algorithm: 'HS256' });
    }
  }
}
