import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { sendOptions } from './send-options';

/** The request's `Idempotency-Key`, checked as the send routes check it (`invalid_idempotency_key`). */
export const IdempotencyKey = createParamDecorator(
  (_data: unknown, context: ExecutionContext): string | undefined => {
    const req = context.switchToHttp().getRequest<Request>();
    return sendOptions(req.header('idempotency-key'), undefined).idempotencyKey;
  },
);
