import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Params } from 'nestjs-pino';
import { Store, storage } from 'nestjs-pino/storage';
import { type Options, pinoHttp } from 'pino-http';
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
function httpLogOptions(settings: Settings): Options {
  return {
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
  };
}

/**
 * The logger module: its logger for what is logged outside requests, the request-bound one
 * taken from the request (`requestLogging` installs it), so that the module itself installs no
 * middleware.
 */
export function loggingParams(settings: Settings): Params {
  return { pinoHttp: httpLogOptions(settings), useExisting: true, forRoutes: [] };
}

/**
 * The access log (one line per answered request, see `httpLogOptions`) and the request-bound
 * logger every log line of the request is written with, for the requests `logged` picks: one
 * middleware that decides by itself, rather than one registration per logged path, each of
 * which the router would test every request against.
 */
export function requestLogging(
  settings: Settings,
  logged: (req: Request) => boolean,
): RequestHandler {
  const accessLog = pinoHttp(httpLogOptions(settings));
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!logged(req)) {
      next();
      return;
    }
    accessLog(req, res, () => {
      storage.run(new Store(req.log), next);
    });
  };
}
