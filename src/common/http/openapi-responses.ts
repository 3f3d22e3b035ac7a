import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import type {
  HeaderObject,
  OperationObject,
  PathItemObject,
  ReferenceObject,
  ResponseObject,
} from '@nestjs/swagger';
import { ErrorDto } from '../errors/error.dto';

type Headers = Record<string, HeaderObject | ReferenceObject>;

const integerHeader = (description: string): HeaderObject => ({
  description,
  schema: { type: 'integer', minimum: 0 },
});

/** The headers answers share, described once under `components.headers`. */
const SHARED_HEADERS: Record<string, HeaderObject> = {
  'x-request-id': {
    description:
      "The request's id: the caller's own x-request-id when it is 1 to 128 letters, digits, `_ . : -`, else a new UUID. Every log line of the request carries it.",
    schema: { type: 'string', maxLength: 128 },
  },
  'RateLimit-Limit': integerHeader("Requests the caller's budget allows in one minute"),
  'RateLimit-Remaining': integerHeader('Requests left in the current window'),
  'RateLimit-Reset': integerHeader('Seconds until the window frees a request'),
  'Retry-After': integerHeader('Seconds to wait before the next request (also `retryAfter`)'),
};

const shared = (...names: string[]): Headers =>
  Object.fromEntries(names.map((name) => [name, { $ref: `#/components/headers/${name}` }]));

/** On every answer, errors included: the id that tags the request's log lines. */
const REQUEST_ID_HEADERS = shared('x-request-id');
/** On every answer of a rate-limited route (a sliding one-minute window per caller). */
const RATE_LIMIT_HEADERS = shared('RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset');
export const RETRY_AFTER_HEADERS = shared('Retry-After');

/** An error answer in the API's one shape, `{code, message, details?}`. */
export const ErrorResponse = (
  status: number,
  description: string,
  headers?: Headers,
): MethodDecorator & ClassDecorator =>
  ApiResponse({ status, description, type: ErrorDto, ...(headers ? { headers } : {}) });

/** 429 of a rate-limited route: the caller's budget for the minute is spent. */
export const RateLimitedResponse = (): MethodDecorator & ClassDecorator =>
  ErrorResponse(
    429,
    'RATE_LIMITED: the budget for the minute is spent; retry after `Retry-After` seconds',
    RETRY_AFTER_HEADERS,
  );

/** 400 and 413 of a route with a JSON body, as the body parser answers them. */
export const BodyErrorResponses = (validation: string): MethodDecorator & ClassDecorator =>
  applyDecorators(
    ErrorResponse(
      400,
      `VALIDATION_ERROR: ${validation} (\`details[]\` names each field and its problem); PARSE_ERROR: the body is not JSON`,
    ),
    ErrorResponse(413, 'PAYLOAD_TOO_LARGE: the body is larger than BODY_LIMIT'),
  );

/** 400 of a route that takes only a few query parameters: an unknown one is refused too. */
export const QueryErrorResponse = (): MethodDecorator & ClassDecorator =>
  ErrorResponse(
    400,
    'VALIDATION_ERROR: a query parameter is unknown or wrong (`details[]` names each)',
  );

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

const INTERNAL_ERROR: ResponseObject = {
  description:
    'INTERNAL_ERROR: an unexpected failure, without internals; quote x-request-id when reporting it',
  content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorDto' } } },
};

/** The `components.headers` the operations' answers refer to. */
export const sharedHeaders = (): Record<string, HeaderObject> => ({ ...SHARED_HEADERS });

const isResponse = (value: ResponseObject | ReferenceObject): value is ResponseObject =>
  !('$ref' in value);

/**
 * What every operation shares, added to the document in one place: any route may fail
 * unexpectedly (500), every answer carries `x-request-id`, and every answer of a route that
 * documents a 429 carries the `RateLimit-*` headers.
 */
function withOperationConventions(operation: OperationObject): OperationObject {
  const responses = { '500': INTERNAL_ERROR, ...operation.responses };
  const limited = '429' in responses;
  const headers = { ...REQUEST_ID_HEADERS, ...(limited ? RATE_LIMIT_HEADERS : {}) };
  return {
    ...operation,
    responses: Object.fromEntries(
      Object.entries(responses)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([status, response]) => [
          status,
          isResponse(response)
            ? { ...response, headers: { ...headers, ...response.headers } }
            : response,
        ]),
    ),
  };
}

export function withResponseConventions(
  paths: Readonly<Record<string, PathItemObject>>,
): Record<string, PathItemObject> {
  return Object.fromEntries(
    Object.entries(paths).map(([path, item]) => {
      const operations = METHODS.flatMap((method) => {
        const operation = item[method];
        return operation ? [[method, withOperationConventions(operation)] as const] : [];
      });
      return [path, { ...item, ...Object.fromEntries(operations) }];
    }),
  );
}
