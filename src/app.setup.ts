import { type INestApplication, RequestMethod } from '@nestjs/common';
import { ApplicationConfig, NestFactory } from '@nestjs/core';
import { isRouteExcluded } from '@nestjs/core/router/utils';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Request } from 'express';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { API_KEY_BEARER_SECURITY, API_KEY_SECURITY, JWT_SECURITY } from './identity/auth.decorator';
import type { GatewaySettings } from './contract/gateway-settings';
import { parseQueryString } from './common/http/query-parser';
import { UndeclaredMethods } from './common/http/method-not-allowed';
import { completeDocument } from './common/http/openapi-document';
import { servePathsOnly } from './common/http/served-paths';
import { assignRequestId } from './common/http/request-id';
import { corsOptions, securityHeaders } from './common/http/browser-access';
import { MetricsService } from './common/metrics/metrics.service';
import { traceRequests } from './common/tracing/http-tracing';
import { requestLogging } from './common/logging/logging';
import { RouteCatalog } from './api/health/route-catalog';
import { packageVersion } from './api/health/version.service';
import { unprefixedRoutes } from './dialects/dialects';

export const API_PREFIX = 'api/v1';

/** All a worker process (`ROLE=worker`) answers: probes and metrics. */
const WORKER_PATHS = [`/${API_PREFIX}/health`, `/${API_PREFIX}/metrics`];

export function openApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Switchboard')
    .setDescription(
      'One API for email, SMS, WhatsApp, voice, push, webhooks, in-app notifications and broadcasts, ' +
        'with a delivery log, retries and provider fail-over. Authenticate with an app API key ' +
        '(`x-api-key`) or an admin/viewer bearer token.',
    )
    .setVersion(packageVersion())
    .addApiKey({ type: 'apiKey', in: 'header', name: 'x-api-key' }, API_KEY_SECURITY)
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, JWT_SECURITY)
    // addSecurity, not addBearerAuth, which would call the key a JWT (its default bearerFormat).
    .addSecurity(API_KEY_BEARER_SECURITY, {
      type: 'http',
      scheme: 'bearer',
      description: 'An app API key as a bearer token, on the dialect routes that take it',
    })
    .build();
  return completeDocument(SwaggerModule.createDocument(app, config));
}

/** Paths under the versioned prefix, as the router matches them (any case, a trailing slash). */
const UNDER_PREFIX = new RegExp(`^/${API_PREFIX}(?:/.*)?$`, 'i');

/**
 * The requests the access log covers: every one under the prefix, and those on the dialects'
 * paths outside it, matched as the router matches them.
 */
function loggedRequests(app: NestExpressApplication): (req: Request) => boolean {
  const outsidePrefix = app.get(ApplicationConfig).getGlobalPrefixOptions().exclude ?? [];
  return (req) =>
    UNDER_PREFIX.test(req.path) ||
    isRouteExcluded(
      outsidePrefix,
      req.path,
      RequestMethod[req.method as keyof typeof RequestMethod],
    );
}

/** Options every application instance is created with: bodies are read per route, after the guards. */
export const APP_OPTIONS = { bodyParser: false, bufferLogs: true } as const;

/**
 * The HTTP plumbing around the modules: request ids first, security headers and CORS, then a
 * span per request (when tracing is on), metrics, the versioned prefix (not on the paths of
 * dialects that had none), Swagger UI at /docs, then the access log and request-bound logger.
 * After the routes, 405 for documented paths asked with another method. Bodies are read per
 * route, after the rate limits and access checks (`BodyReadingGuard`). A worker process answers
 * 404 to anything but its probes and metrics, before any route runs.
 */
export function configureApp(
  app: NestExpressApplication,
  settings: GatewaySettings,
): NestExpressApplication {
  app.useLogger(app.get(Logger));
  app.set('trust proxy', settings.http.trustProxy);
  app.set('query parser', parseQueryString);
  app.disable('x-powered-by');
  app.use(assignRequestId);
  app.use(securityHeaders());
  app.enableCors(corsOptions(settings.cors));
  app.use(traceRequests);
  app.use(app.get(MetricsService).middleware);
  if (settings.role === 'worker') app.use(servePathsOnly(WORKER_PATHS));
  // Dialects of systems whose paths had no such prefix are served at those paths.
  app.setGlobalPrefix(API_PREFIX, { exclude: unprefixedRoutes(settings) });
  const document = openApiDocument(app);
  app.get(UndeclaredMethods).answerFor(document.paths);
  app.get(RouteCatalog).record(document.paths);
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs-json',
    swaggerOptions: { persistAuthorization: true },
  });
  // After everything above, where a module's middleware would run, ahead of the routes. At
  // `silent` no line is ever written: then no request builds loggers that would write none.
  if (settings.logLevel !== 'silent') app.use(requestLogging(settings, loggedRequests(app)));
  return app;
}

/** Creates and configures the application: used by main, tests and the OpenAPI script alike. */
export async function createApp(
  settings: GatewaySettings,
  module = AppModule.forRoot(settings),
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(module, APP_OPTIONS);
  return configureApp(app, settings);
}
