import { Global, Module } from '@nestjs/common';
import { Clock } from './clock/clock';
import { CryptoService } from './crypto/crypto.service';
import { OutboundUrlPolicy } from './http/outbound-url';
import { MetricsService } from './metrics/metrics.service';

/** Small shared services: time, randomness and hashing, metrics, the outbound address rule. */
@Global()
@Module({
  providers: [Clock, CryptoService, MetricsService, OutboundUrlPolicy],
  exports: [Clock, CryptoService, MetricsService, OutboundUrlPolicy],
})
export class CommonModule {}
