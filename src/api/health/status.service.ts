import { Injectable } from '@nestjs/common';
import { InjectSettings } from '../../common/config/settings.module';
import type { GatewaySettings } from '../../contract/gateway-settings';

/** What is configured, as booleans and modes: never a value of a secret. */
@Injectable()
export class StatusService {
  constructor(@InjectSettings() private readonly settings: GatewaySettings) {}

  status(): Record<string, unknown> {
    const s = this.settings;
    return {
      environment: s.environment,
      store: s.mongodbUri ? 'mongodb' : 'memory',
      queue: s.redisUrl ? 'redis' : 'in-process',
      rateLimitStore: s.redisUrl ? 'redis' : 'memory',
      jwt: {
        mode: s.jwt.mode,
        issuerChecked: s.jwt.issuer !== undefined,
        audienceChecked: s.jwt.audience !== undefined,
        rolesClaim: s.jwt.rolesClaim,
      },
      rateLimit: s.rateLimit,
      retentionDays: s.retentionDays,
      publicUrl: s.publicUrl !== undefined,
      encryptionKey: s.encryptionKey !== undefined,
      outboundAllowPrivate: s.outboundAllowPrivate,
      providers: {
        configured: (s.providers.list ?? []).map(({ id, type, channel }) => ({
          id,
          type,
          channel,
        })),
        providersFile: s.providers.file !== undefined,
        ...s.providers.variablesSet,
      },
    };
  }
}
