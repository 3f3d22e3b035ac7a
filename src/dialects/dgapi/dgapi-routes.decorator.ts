import { applyDecorators, HttpCode, HttpStatus, UseFilters } from '@nestjs/common';
import { ApiBody, ApiParam, ApiResponse } from '@nestjs/swagger';
import type { ExamplesObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { Auth, KeyAsBearer } from '../../identity/auth.decorator';
import { DgapiExceptionsFilter } from './dgapi-exceptions.filter';
import { ENTITY } from './dgapi-request.dto';
import { DgapiErrorDto } from './dgapi-view.dto';

/** An error answer in its shape, `{status: "error", error: {code, message}}`. */
const DgapiError = (status: number, description: string): MethodDecorator =>
  ApiResponse({ status, description, type: DgapiErrorDto });

/**
 * Its controllers: its errors, its credential (an app API key as a bearer token, or in
 * x-api-key, or a token) and the errors every route may answer.
 */
export const DgapiController = (): ClassDecorator =>
  applyDecorators(UseFilters(DgapiExceptionsFilter), KeyAsBearer());

const CommonErrors = (): MethodDecorator =>
  applyDecorators(
    DgapiError(401, '`unauthorized`: invalid or missing authentication'),
    DgapiError(403, '`forbidden`: the key lacks the scope'),
    DgapiError(429, '`rate_limited`: too many requests; `Retry-After` says when to try again'),
    DgapiError(500, '`internal_error`'),
  );

/**
 * A route that creates a task: 201 with the task, or its error codes. Applied after `Auth`, its
 * own error answers replace the unified ones in openapi.json.
 */
export const DgapiCreateRoute = (
  body: { type: new () => object; examples: ExamplesObject },
  answer: new () => object,
  codes: string,
): MethodDecorator =>
  applyDecorators(
    Auth({ apiKey: 'messages:send', jwt: 'sender' }),
    CommonErrors(),
    DgapiError(400, codes),
    DgapiError(
      422,
      '`invalid_entity`: the entity is malformed, or names a task made with another request; `invalid_attachment`',
    ),
    DgapiError(413, '`payload_too_large`: the body is larger than BODY_LIMIT'),
    DgapiError(503, '`channel_not_configured`: no provider is configured for the channel'),
    ApiResponse({ status: HttpStatus.CREATED, type: answer, description: 'The task' }),
    ApiBody(body),
    HttpCode(HttpStatus.CREATED),
  );

/** A route that reads a task by its id or entity. */
export const DgapiReadRoute = (answer: new () => object): MethodDecorator =>
  applyDecorators(
    Auth({ apiKey: 'messages:read', jwt: 'viewer' }),
    CommonErrors(),
    DgapiError(400, '`invalid_request`: a query parameter is unknown or not valid'),
    DgapiError(404, '`not_found`: no such task'),
    ApiResponse({ status: HttpStatus.OK, type: answer, description: 'The task' }),
  );

/** The entity in the path of a create route: the task's key, `invalid_entity` (422) otherwise. */
export const EntityInPath = (): MethodDecorator =>
  ApiParam({
    name: 'entity',
    schema: { type: 'string', pattern: ENTITY.source },
    description: "The task's key: the same entity and body make one task",
  });
