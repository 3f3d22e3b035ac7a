import { applyDecorators } from '@nestjs/common';
import { ApiNotFoundResponse, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { ErrorDto } from '../common/errors/error.dto';
import { Public } from '../identity/auth.decorator';

/**
 * The routes of the links in emails (tracking, unsubscribe). Public, since recipients carry no
 * credentials: the signed token is the only key, and anything else is 404. Rate-limited per
 * client IP like every public route.
 */
export const LinkRoutes = (): ClassDecorator =>
  applyDecorators(
    ApiTags('engagement'),
    Public(),
    ApiNotFoundResponse({ type: ErrorDto, description: 'Not a link of this service' }),
    ApiTooManyRequestsResponse({ type: ErrorDto, description: 'Too many requests from this IP' }),
  );
