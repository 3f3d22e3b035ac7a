import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { API_KEY_SECURITY, JWT_SECURITY } from './identity/auth.decorator';
import type { Settings } from './common/config/settings';
import type { GatewaySettings } from './contract/gateway-settings';
import { answerBodyParserErrors, parseJsonBodies } from './common/http/body-parsing';
import { parseQueryString } from './common/http/query-parser';
import { answerUndeclaredMethods } from './common/http/method-not-allowed';
import { completeDocument } from './common/http/openapi-document';
import { assignRequestId } from './common/http/request-id';
import { MetricsService } from './common/metrics/metrics.service';
import { RouteCatalog } from './api/health/route-catalog';
import { packageVersion } from './api/health/version.service';

export const API_PREFIX = 'api/v1';

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
    .build();
  return completeDocument(SwaggerModule.createDocument(app, config));
}

/** Options every application instance is created with: the body parser is installed by `configureApp`. */
export const APP_OPTIONS = { bodyParser: false, bufferLogs: true } as const;

/**
 * The HTTP plumbing around the modules: request ids first, then JSON parsing (errors answered
 * in the API's shape), metrics, the versioned prefix, 405 for documented paths asked with
 * another method, Swagger UI at /docs.
 */
export function configureApp(
  app: NestExpressApplication,
  settings: Settings,
): NestExpressApplication {
  app.useLogger(app.get(Logger));
  app.set('trust proxy', settings.http.trustProxy);
  app.set('query parser', parseQueryString);
  app.disable('x-powered-by');
  app.use(assignRequestId);
  app.use(app.get(MetricsService).middleware);
  app.use(parseJsonBodies(settings.http.bodyLimit));
  app.use(answerBodyParserErrors);
  app.setGlobalPrefix(API_PREFIX);
  const document = openApiDocument(app);
  app.use(answerUndeclaredMethods(document.paths));
  app.get(RouteCatalog).record(document.paths);
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs-json',
    swaggerOptions: { persistAuthorization: true },
  });
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
