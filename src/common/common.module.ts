import { Global, Module } from '@nestjs/common';
import { Clock } from './clock/clock';
import type { Settings } from './config/settings';
import { SETTINGS } from './config/settings.module';
import { CryptoService } from './crypto/crypto.service';
import { SecretBox } from './crypto/secret-box';
import { BodyReadingGuard } from './http/body-reading.guard';
import { UndeclaredMethods } from './http/method-not-allowed';
import { OutboundUrlPolicy } from './http/outbound-url';
import { RouteIndex } from './http/route-index';
import { MetricsService } from './metrics/metrics.service';

/**
 * Small shared services: time, randomness and hashing, secrets at rest, metrics, the outbound
 * address rule, the reading of request bodies (a guard the auth module runs last), the index
 * that finds a request's route, and the 405 answer for documented paths asked with another method.
 */
@Global()
@Module({
  providers: [
    Clock,
    CryptoService,
    MetricsService,
    OutboundUrlPolicy,
    {
      provide: SecretBox,
      inject: [SETTINGS],
      useFactory: (settings: Settings) =>
        new SecretBox({ current: settings.encryptionKey, old: settings.encryptionKeysOld }),
    },
    BodyReadingGuard,
    RouteIndex,
    UndeclaredMethods,
  ],
  exports: [
    Clock,
    CryptoService,
    MetricsService,
    OutboundUrlPolicy,
    SecretBox,
    BodyReadingGuard,
    UndeclaredMethods,
  ],
})
export class CommonModule {}
