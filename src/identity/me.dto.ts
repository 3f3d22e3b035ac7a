import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { API_KEY_SCOPES, type ApiKeyScope } from './app.model';
import { type Principal, ROLES, type Role } from './principal';

/** Who the caller is: an app's key, or a token's subject. */
export class MeDto {
  @ApiProperty({ enum: ['apiKey', 'jwt'] }) kind!: 'apiKey' | 'jwt';
  @ApiPropertyOptional({ description: 'API keys: the app' }) appId?: string;
  @ApiPropertyOptional({ description: 'API keys: the app name' }) appName?: string;
  @ApiPropertyOptional({ description: 'API keys: the key id' }) keyId?: string;
  @ApiPropertyOptional({ enum: API_KEY_SCOPES, isArray: true }) scopes?: ApiKeyScope[];
  @ApiPropertyOptional({ description: 'Tokens: the subject (sub claim)' }) subject?: string;
  @ApiPropertyOptional({ enum: ROLES, isArray: true }) roles?: Role[];

  static of(principal: Principal): MeDto {
    switch (principal.kind) {
      case 'apiKey':
        return {
          kind: 'apiKey',
          appId: principal.appId,
          appName: principal.appName,
          keyId: principal.keyId,
          scopes: [...principal.scopes],
        };
      case 'jwt':
        return { kind: 'jwt', subject: principal.subject, roles: [...principal.roles] };
    }
  }
}
