import { Injectable } from '@nestjs/common';
import type { Settings } from '../../common/config/settings';
import { InjectSettings } from '../../common/config/settings.module';

/** What is configured, as booleans and modes: never a value of a secret. */
@Injectable()
export class StatusService {
  constructor(@InjectSettings() private readonly settings: Settings) {}

  status(): Record<string, unknown> {
    const s = this.settings;
    const { twilio, ses } = s.providers;
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
        twilio: {
          accountSid: twilio.accountSid !== undefined,
          authToken: twilio.authToken !== undefined,
          from: twilio.from !== undefined,
          apiBaseUrl: twilio.apiBaseUrl !== undefined,
        },
        smtpUrl: s.providers.smtpUrl !== undefined,
        emailFrom: s.providers.emailFrom !== undefined,
        ses: { region: ses.region !== undefined, endpoint: ses.endpoint !== undefined },
        fcmApiBaseUrl: s.providers.fcmApiBaseUrl !== undefined,
        fcmServiceAccount: s.providers.fcmServiceAccount !== undefined,
        vapid: {
          publicKey: s.providers.vapid.publicKey !== undefined,
          privateKey: s.providers.vapid.privateKey !== undefined,
          subject: s.providers.vapid.subject !== undefined,
        },
      },
    };
  }
}
