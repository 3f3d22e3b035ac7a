import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { freePort } from './servers';

/** Twilio's OpenAPI description of its 2010-04-01 API (Messages, Calls ...). */
export const TWILIO_OPENAPI_SPEC =
  process.env.TWILIO_OPENAPI_SPEC ??
  resolve(__dirname, '../../../shared/fixtures/twilio/twilio_api_v2010.json');

const PRISM_BIN = resolve(__dirname, '../../node_modules/.bin/prism');
/** Prism reads and indexes the 1.9 MB description before it listens: about 25 s. */
const START_TIMEOUT_MS = 120_000;

/** A request that reached Prism, with the form body exactly as the client sent it. */
export interface PrismRequest {
  readonly method: string;
  readonly path: string;
  readonly form: URLSearchParams;
  readonly status: number;
}

export interface RunningPrism {
  /** Where clients send requests (the Twilio API base URL). */
  readonly baseUrl: string;
  readonly requests: PrismRequest[];
  stop(): Promise<void>;
}

interface FormOperation {
  readonly method: string;
  readonly path: RegExp;
  readonly arrays: ReadonlySet<string>;
}

interface OpenApiSchema {
  readonly type?: string;
  readonly properties?: Record<string, OpenApiSchema>;
}

interface OpenApiOperation {
  readonly requestBody?: { content?: Record<string, { schema?: OpenApiSchema }> };
}

/** The form properties each operation declares as arrays. */
function formOperations(spec: string): FormOperation[] {
  const document = JSON.parse(readFileSync(spec, 'utf8')) as {
    paths: Record<string, Record<string, OpenApiOperation>>;
  };
  return Object.entries(document.paths).flatMap(([template, operations]) =>
    Object.entries(operations).map(([method, operation]) => {
      const schema =
        operation.requestBody?.content?.['application/x-www-form-urlencoded']?.schema ?? {};
      const arrays = Object.entries(schema.properties ?? {})
        .filter(([, property]) => property.type === 'array')
        .map(([name]) => name);
      const pattern = template.replace(/[.]/g, '\\.').replace(/\{[^}]+\}/g, '[^/]+');
      return {
        method: method.toUpperCase(),
        path: new RegExp(`^${pattern}$`),
        arrays: new Set(arrays),
      };
    }),
  );
}

/**
 * Twilio takes a form array as repeated keys (`MediaUrl=a&MediaUrl=b`, OpenAPI's default
 * `explode: true`), which Prism 5 reads as a single value and refuses (stoplightio/prism#2473).
 * The same array written as `MediaUrl[]=a&MediaUrl[]=b` is what Prism reads as an array, so the
 * proxy rewrites exactly the properties the description declares as arrays, and nothing else.
 */
function prismForm(form: URLSearchParams, arrays: ReadonlySet<string>): string {
  return [...form]
    .map(([key, value]) => {
      const name = arrays.has(key) ? `${encodeURIComponent(key)}[]` : encodeURIComponent(key);
      return `${name}=${encodeURIComponent(value)}`;
    })
    .join('&');
}

const readBody = (req: IncomingMessage): Promise<string> =>
  new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      resolveBody(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });

function startProxy(
  prismPort: number,
  operations: readonly FormOperation[],
  requests: PrismRequest[],
): Promise<Server> {
  const server = createServer((req, res) => {
    void (async () => {
      const raw = await readBody(req);
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      const method = req.method ?? 'GET';
      const form = new URLSearchParams(raw);
      const operation = operations.find((op) => op.method === method && op.path.test(path));
      const body = operation ? prismForm(form, operation.arrays) : raw;
      const headers = { ...req.headers, 'content-length': String(Buffer.byteLength(body)) };
      const upstream = request(
        { host: '127.0.0.1', port: prismPort, method, path: req.url, headers },
        (answer) => {
          requests.push({ method, path, form, status: answer.statusCode ?? 0 });
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
  return new Promise((resolveServer) => {
    server.listen(0, '127.0.0.1', () => {
      resolveServer(server);
    });
  });
}

async function waitUntilListening(child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!output().includes('Prism is listening')) {
    if (child.exitCode !== null)
      throw new Error(`Prism exited with ${child.exitCode} before listening:\n${output()}`);
    if (Date.now() > deadline)
      throw new Error(`Prism did not listen within ${START_TIMEOUT_MS} ms:\n${output()}`);
    await new Promise((wake) => setTimeout(wake, 200));
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(force);
      done();
    });
    child.kill('SIGTERM');
  });
}

/**
 * Stoplight Prism mocking Twilio's API with request validation on (`--errors`): a request that
 * breaks Twilio's contract gets 422 (401 without credentials) instead of an example answer.
 * Start it once per suite (beforeAll with a timeout of a few minutes).
 */
export async function startPrism(spec = TWILIO_OPENAPI_SPEC): Promise<RunningPrism> {
  if (!existsSync(spec))
    throw new Error(`Twilio's OpenAPI description was not found at ${spec} (TWILIO_OPENAPI_SPEC)`);
  const operations = formOperations(spec);
  const port = await freePort();
  const child = spawn(
    PRISM_BIN,
    ['mock', '--errors', '-h', '127.0.0.1', '-p', String(port), spec],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const collect = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  try {
    await waitUntilListening(child, () => output);
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  // Straight to stdout, past Jest's console capture, so that the CI log shows what served Twilio.
  process.stdout.write(
    `[harness] Prism (request validation on) serving ${spec} at 127.0.0.1:${port} (pid ${child.pid ?? '?'})\n`,
  );
  const requests: PrismRequest[] = [];
  const proxy = await startProxy(port, operations, requests);
  const { port: proxyPort } = proxy.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${proxyPort}`,
    requests,
    stop: async () => {
      proxy.closeAllConnections();
      await new Promise((closed) => proxy.close(closed));
      await stopChild(child);
    },
  };
}
