import { Global, Module } from '@nestjs/common';
import { Clock } from './clock/clock';
import { CryptoService } from './crypto/crypto.service';
import { MetricsService } from './metrics/metrics.service';

/** Small shared services: time, randomness and hashing, metrics. */
@Global()
@Module({
  providers: [Clock, CryptoService, MetricsService],
  exports: [Clock, CryptoService, MetricsService],
})
export class CommonModule {}
