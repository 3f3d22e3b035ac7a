import type { Request, Response } from 'express';

/** How long a client waits before reconnecting after the stream broke (the SSE `retry:`). */
const RETRY_MS = 3_000;

/**
 * One event on the wire; `data` becomes JSON, so it holds no line break. Written once for
 * every stream it goes to.
 */
export const eventText = (id: string, type: string, data: unknown): string =>
  `id: ${id}\nevent: ${type}\ndata: ${JSON.stringify(data)}\n\n`;

/**
 * One Server-Sent Events response, written by hand rather than through Nest's `@Sse`: that one
 * cannot send comments (the keep-alives) and opens the stream before the handler's checks end.
 * Here the stream opens only once the caller's checks passed, so a refusal is still an
 * ordinary JSON error answer from the exception filter.
 */
export class SseConnection {
  constructor(
    private readonly req: Request,
    private readonly res: Response,
  ) {}

  open(): void {
    this.res.status(200);
    this.res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    this.res.setHeader('Cache-Control', 'no-cache, no-transform');
    this.res.setHeader('Connection', 'keep-alive');
    // Proxies such as nginx would otherwise hold events back in their buffers.
    this.res.setHeader('X-Accel-Buffering', 'no');
    this.res.flushHeaders();
    this.req.socket.setTimeout(0);
    this.write(`retry: ${RETRY_MS}\n: connected\n\n`);
  }

  /** One event, as `eventText` wrote it. */
  event(text: string): void {
    this.write(text);
  }

  comment(text: string): void {
    this.write(`: ${text}\n\n`);
  }

  /** Calls `listener` once the client is gone (at once when it already is). */
  onClose(listener: () => void): void {
    if (this.res.destroyed) {
      queueMicrotask(listener);
      return;
    }
    this.res.once('close', listener);
  }

  get closed(): boolean {
    return this.res.writableEnded || this.res.destroyed;
  }

  end(): void {
    if (!this.closed) this.res.end();
  }

  private write(chunk: string): void {
    if (!this.closed) this.res.write(chunk);
  }
}
