import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { Clock } from './clock/clock';
import { CryptoService } from './crypto/crypto.service';
import { BodyReadingInterceptor } from './http/body-reading.interceptor';
import { OutboundUrlPolicy } from './http/outbound-url';
import { MetricsService } from './metrics/metrics.service';

/**
 * Small shared services: time, randomness and hashing, metrics, the outbound address rule; and
 * the reading of request bodies, after every guard.
 */
@Global()
@Module({
  providers: [
    Clock,
    CryptoService,
    MetricsService,
    OutboundUrlPolicy,
    { provide: APP_INTERCEPTOR, useClass: BodyReadingInterceptor },
  ],
  exports: [Clock, CryptoService, MetricsService, OutboundUrlPolicy],
})
export class CommonModule {}
