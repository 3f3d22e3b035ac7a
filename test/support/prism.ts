import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { freePort } from '../harness/servers';
import { spawnWatched, stopChild, untilReady } from './child-process';
import { type ProxiedRequest, startRecordingProxy } from './recording-proxy';

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

const pathOf = (url: string): string => url.split('?')[0] ?? '/';

/** The body Prism gets: the form with its arrays rewritten where the operation declares them. */
function prismBody(request: ProxiedRequest, operations: readonly FormOperation[]): string | Buffer {
  const path = pathOf(request.url);
  const operation = operations.find((op) => op.method === request.method && op.path.test(path));
  if (!operation) return request.body;
  return prismForm(new URLSearchParams(request.body.toString('utf8')), operation.arrays);
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
  const prism = spawnWatched(
    PRISM_BIN,
    ['mock', '--errors', '-h', '127.0.0.1', '-p', String(port), spec],
    { keep: 20_000 },
  );
  await untilReady(
    prism,
    () => prism.output().includes('Prism is listening'),
    'Prism to listen',
    START_TIMEOUT_MS,
  );
  // Straight to stdout, past Jest's console capture, so that the CI log shows what served Twilio.
  process.stdout.write(
    `[harness] Prism (request validation on) serving ${spec} at 127.0.0.1:${port} (pid ${prism.child.pid ?? '?'})\n`,
  );
  const requests: PrismRequest[] = [];
  const proxy = await startRecordingProxy(port, {
    rewrite: (request) => prismBody(request, operations),
    answered: ({ method, url, body }, status) => {
      const form = new URLSearchParams(body.toString('utf8'));
      requests.push({ method, path: pathOf(url), form, status });
    },
  });
  return {
    baseUrl: proxy.baseUrl,
    requests,
    stop: async () => {
      await proxy.stop();
      await stopChild(prism.child);
    },
  };
}
