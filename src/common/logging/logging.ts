import type { IncomingMessage, ServerResponse } from 'node:http';
import { RequestMethod } from '@nestjs/common';
import type { Params } from 'nestjs-pino';
import type { Settings } from '../config/settings';

const QUIET_PATHS = new Set(['/api/v1/health/live', '/api/v1/health/ready', '/api/v1/metrics']);

/** Development: one readable line per entry, its fields after it; colours on a terminal. */
const PRETTY = {
  target: 'pino-pretty',
  options: { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname', singleLine: true },
};

/**
 * pino-http options: JSON lines with the request id (pretty lines with `LOG_FORMAT=pretty`, the
 * development default); requests are logged as method, path and id only, so that no header
 * (keys, tokens) and no body ever reaches the log.
 */
export function loggingParams(settings: Settings): Params {
  return {
    forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
    pinoHttp: {
      level: settings.logLevel,
      ...(settings.logFormat === 'pretty' ? { transport: PRETTY } : {}),
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
