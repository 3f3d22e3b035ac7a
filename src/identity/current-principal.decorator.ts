import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { Unauthorized } from '../common/errors/api-error';
import type { Principal } from './principal';

/** The caller established by the access guard. */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal => {
    const { principal } = context.switchToHttp().getRequest<Request>();
    if (!principal) throw new Unauthorized();
    return principal;
  },
);
