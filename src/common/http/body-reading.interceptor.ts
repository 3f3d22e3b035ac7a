import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, RequestHandler, Response } from 'express';
import { from, type Observable, switchMap } from 'rxjs';
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
 * Reads the request body last, after the guards: an unknown caller, one past its rate limit
 * or one without the right is answered before a byte of its body is parsed (the order is
 * request id, per-IP limit, authentication, per-key limit, access, body). Interceptors run
 * after every guard and before the pipes that hand the body to the handler.
 */
@Injectable()
export class BodyReadingInterceptor implements NestInterceptor {
  private readonly built = new Map<BodyReader, RequestHandler>();

  constructor(
    private readonly reflector: Reflector,
    @InjectSettings() private readonly settings: Settings,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const readers = this.reflector.getAllAndOverride<readonly BodyReader[] | undefined>(
      BODY_READERS,
      [context.getHandler(), context.getClass()],
    ) ?? [jsonBodies];
    const http = context.switchToHttp();
    const read = this.read(readers, http.getRequest<Request>(), http.getResponse<Response>());
    return from(read).pipe(switchMap(() => next.handle()));
  }

  private async read(readers: readonly BodyReader[], req: Request, res: Response): Promise<void> {
    for (const reader of readers) await runReader(this.handlerOf(reader), req, res);
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
