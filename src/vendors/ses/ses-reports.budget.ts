import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { InjectThrottlerStorage, type ThrottlerStorage } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { RateLimited } from '../../common/errors/api-error';

const WINDOW_MS = 60_000;
const BUDGET = 'ses-reports';

/**
 * The SES report route's own per-IP budget, apart from the one of callers without credentials:
 * SNS posts at the pace of SES's traffic, from many addresses of its own, so the general budget
 * would refuse its bursts; yet every post costs a signature check and may cost a certificate
 * fetch, so one address posting far more than SNS does is refused before either.
 */
@Injectable()
export class SesReportsBudget implements CanActivate {
  /** Posts one address may make a minute: many times what one SNS host sends a busy sender. */
  perIpPerMinute = 1_200;

  constructor(@InjectThrottlerStorage() private readonly storage: ThrottlerStorage) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const tracker = `${BUDGET}:ip:${http.getRequest<Request>().ip ?? 'unknown'}`;
    const limit = this.perIpPerMinute;
    const record = await this.storage.increment(tracker, WINDOW_MS, limit, WINDOW_MS, BUDGET);
    const res = http.getResponse<Response>();
    res.setHeader('RateLimit-Limit', limit);
    res.setHeader('RateLimit-Remaining', Math.max(0, limit - record.totalHits));
    res.setHeader('RateLimit-Reset', record.timeToExpire);
    if (record.isBlocked) throw new RateLimited(record.timeToBlockExpire);
    return true;
  }
}
