import type { IncomingMessage, ServerResponse } from 'node:http';
import { RequestMethod } from '@nestjs/common';
import type { Params } from 'nestjs-pino';
import type { Settings } from '../config/settings';

const QUIET_PATHS = new Set(['/api/v1/health/live', '/api/v1/health/ready', '/api/v1/metrics']);

/**
 * pino-http options: JSON lines with the request id; requests are logged as method, path and
 * id only, so that no header (keys, tokens) and no body ever reaches the log.
 */
export function loggingParams(settings: Settings): Params {
  return {
    forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
    pinoHttp: {
      level: settings.logLevel,
      genReqId: (req: IncomingMessage) => req.id,
      autoLogging: { ignore: (req: IncomingMessage) => QUIET_PATHS.has(req.url ?? '') },
      customLogLevel: (_req: IncomingMessage, res: ServerResponse, error?: Error) =>
        error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
      serializers: {
        req: (req: { id?: string; method?: string; url?: string }) => ({
          id: req.id,
          method: req.method,
          path: req.url?.split('?')[0],
        }),
        res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
      },
      redact: { paths: ['req.headers', 'res.headers'], remove: true },
    },
  };
}
