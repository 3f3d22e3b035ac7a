import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { Forbidden } from '../common/errors/api-error';
import type { AppScope } from './app-scope';

/** The app of the calling API key, as the scope of its message queries. */
export const CallerApp = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AppScope => {
    const { principal } = context.switchToHttp().getRequest<Request>();
    if (principal?.kind !== 'apiKey')
      throw new Forbidden("This route is for API keys: it acts for the key's app.");
    return { appId: principal.appId };
  },
);
