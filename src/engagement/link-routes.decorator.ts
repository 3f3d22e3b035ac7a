import { applyDecorators } from '@nestjs/common';
import { DescribedTag } from '../common/http/openapi-registry';
import { ErrorResponse, RateLimitedResponse } from '../common/http/openapi-responses';
import { Public } from '../identity/auth.decorator';

/** The tag of the engagement routes: the links in emails and what they counted. */
export const EngagementTag = (): ClassDecorator =>
  DescribedTag(
    'engagement',
    "Email engagement: the tracking pixel, rewritten links and one-click unsubscribe in emails, and an app's counts and defaults",
  );

/**
 * The routes of the links in emails (tracking, unsubscribe). Public, since recipients carry no
 * credentials: the signed token is the only key, and anything else is 404. Rate-limited per
 * client IP like every public route.
 */
export const LinkRoutes = (): ClassDecorator =>
  applyDecorators(
    EngagementTag(),
    Public(),
    ErrorResponse(404, 'NOT_FOUND: not a link of this service'),
    RateLimitedResponse(),
  );
