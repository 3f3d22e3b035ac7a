import type { CorsOptions } from '@nestjs/common/interfaces/external/cors-options.interface';
import type { RequestHandler } from 'express';
import helmet from 'helmet';
import type { Settings } from '../config/settings';

/** The request headers the API reads, which a browser must be allowed to send. */
export const CORS_REQUEST_HEADERS = [
  'Authorization',
  'x-api-key',
  'Idempotency-Key',
  'Prefer',
  'Content-Type',
  'x-request-id',
] as const;

/** The answer headers a browser's script may read. */
export const CORS_EXPOSED_HEADERS = [
  'Location',
  'Retry-After',
  'RateLimit-Limit',
  'RateLimit-Remaining',
  'RateLimit-Reset',
  'x-request-id',
  'Idempotent-Replayed',
  'Preference-Applied',
] as const;

const CORS_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
/** Browsers keep a preflight's answer this long (seconds). */
const PREFLIGHT_MAX_AGE = 600;

/**
 * Cross-origin access for browser front ends: only the origins of `CORS_ORIGINS` (none by
 * default; `*` never together with credentials, which the settings refuse) get CORS headers; a
 * browser refuses everyone else's script the answer.
 */
export function corsOptions(cors: Settings['cors']): CorsOptions {
  const { origins } = cors;
  return {
    origin:
      origins === '*'
        ? '*'
        : (origin, decide) => {
            decide(null, origin !== undefined && origins.includes(origin.toLowerCase()));
          },
    credentials: cors.credentials,
    methods: [...CORS_METHODS],
    allowedHeaders: [...CORS_REQUEST_HEADERS],
    exposedHeaders: [...CORS_EXPOSED_HEADERS],
    maxAge: PREFLIGHT_MAX_AGE,
  };
}

/**
 * Security headers on every answer. The content policy is helmet's, which Swagger UI at /docs
 * works under (its scripts are files of this origin, its icons data: URLs), without
 * `upgrade-insecure-requests`: a service reached over plain HTTP (development, an internal
 * network) would otherwise send Swagger UI's requests to an HTTPS port that is not there.
 */
export const securityHeaders = (): RequestHandler =>
  helmet({
    contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
    // The API is called from other origins that CORS allows; the default would block that.
    crossOriginResourcePolicy: { policy: 'cross-origin' },
  });
