import { createServer, type IncomingMessage, request } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as it reached the proxy. */
export interface ProxiedRequest {
  readonly method: string;
  /** The request target: path and query. */
  readonly url: string;
  readonly body: Buffer;
}

export interface RecordingProxyOptions {
  /** The body to pass on instead of the one received. */
  readonly rewrite?: (request: ProxiedRequest) => string | Buffer;
  /** Told of each request once the server behind the proxy has answered it. */
  readonly answered: (request: ProxiedRequest, status: number) => void;
}

export interface RecordingProxy {
  /** Where clients send requests. */
  readonly baseUrl: string;
  stop(): Promise<void>;
}

const readBody = (req: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      resolve(Buffer.concat(chunks));
    });
    req.on('error', reject);
  });

/**
 * An HTTP proxy on a free loopback port in front of a server on `upstreamPort`: it passes every
 * request on (its body rewritten if asked), answers with what the server answered, and tells
 * `answered` about each request, so that a suite sees exactly what its client sent.
 */
export async function startRecordingProxy(
  upstreamPort: number,
  options: RecordingProxyOptions,
): Promise<RecordingProxy> {
  const server = createServer((req, res) => {
    void (async () => {
      const received = {
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        body: await readBody(req),
      };
      const body = options.rewrite ? options.rewrite(received) : received.body;
      const headers = { ...req.headers, 'content-length': String(Buffer.byteLength(body)) };
      const upstream = request(
        {
          host: '127.0.0.1',
          port: upstreamPort,
          method: received.method,
          path: received.url,
          headers,
        },
        (answer) => {
          options.answered(received, answer.statusCode ?? 0);
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', (error) => {
        res.writeHead(502).end(error.message);
      });
      upstream.end(body);
    })();
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    stop: async () => {
      server.closeAllConnections();
      await new Promise((closed) => server.close(closed));
    },
  };
}
