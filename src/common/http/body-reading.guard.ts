import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, RequestHandler, Response } from 'express';
import type { Settings } from '../config/settings';
import { InjectSettings } from '../config/settings.module';
import { fromBodyParserError } from '../errors/http-exception-mapping';
import { BODY_READERS, type BodyReader, jsonBodies } from './body-reading';

/** The API's answer to a body parser's error; anything else is an unexpected failure. */
const answerTo = (error: unknown): Error =>
  fromBodyParserError(error) ?? (error instanceof Error ? error : new Error(String(error)));

/** Runs one Express body parser as a promise; its errors become the API's answers. */
const runReader = (reader: RequestHandler, req: Request, res: Response): Promise<void> =>
  new Promise((resolve, reject) => {
    void reader(req, res, (error?: unknown) => {
      if (error === undefined) resolve();
      else reject(answerTo(error));
    });
  });

/**
 * Reads the request body last, as the guard registered after the rate limits and the access
 * check: an unknown caller, one past its rate limit or one without the right is answered before
 * a byte of its body is parsed (the order is request id, per-IP limit, authentication, per-key
 * limit, access, body). A guard rather than an interceptor: it runs at the same point for every
 * route, without the observable chain an interceptor puts around each handler.
 */
@Injectable()
export class BodyReadingGuard implements CanActivate {
  private readonly built = new Map<BodyReader, RequestHandler>();

  constructor(
    private readonly reflector: Reflector,
    @InjectSettings() private readonly settings: Settings,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const readers = this.reflector.getAllAndOverride<readonly BodyReader[] | undefined>(
      BODY_READERS,
      [context.getHandler(), context.getClass()],
    ) ?? [jsonBodies];
    const http = context.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    for (const reader of readers) await runReader(this.handlerOf(reader), req, res);
    return true;
  }

  private handlerOf(reader: BodyReader): RequestHandler {
    let handler = this.built.get(reader);
    if (!handler) {
      handler = reader(this.settings);
      this.built.set(reader, handler);
    }
    return handler;
  }
}
