import { applyDecorators, HttpCode, HttpStatus } from '@nestjs/common';
import { ApiExtraModels, ApiHeader, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import type { HeaderObject } from '@nestjs/swagger';
import { Auth } from '../identity/auth.decorator';
import { BodyErrorResponses, ErrorResponse } from '../common/http/openapi-responses';
import { AcceptedDto, WaitedMessageDto } from './accepted.dto';

const LOCATION: Record<string, HeaderObject> = {
  Location: {
    description: 'The message: `/api/v1/messages/{messageId}`',
    schema: { type: 'string', example: '/api/v1/messages/msg_6553f1a0c9e77a12b3c4d5e6' },
  },
};

/** On answers to a request that asked `Prefer: wait=N`: the wait applied (N capped at 30). */
export const PREFERENCE_APPLIED: Record<string, HeaderObject> = {
  'Preference-Applied': {
    description:
      'With `Prefer: wait=N` (not on a replay): the wait the answer honoured, `wait=N` (N at most 30)',
    schema: { type: 'string', pattern: '^wait=\\d+$', example: 'wait=10' },
  },
};

/** On the answer of an Idempotency-Key replay: the first answer, given again. */
export const IDEMPOTENT_REPLAYED: Record<string, HeaderObject> = {
  'Idempotent-Replayed': {
    description:
      'With an `Idempotency-Key` seen before: `true`, and the body is the first answer, byte for byte',
    schema: { type: 'string', enum: ['true'] },
  },
};

/**
 * `Idempotency-Key` and `Prefer`, the headers a send takes (a broadcast too). Neither has an
 * example value: Swagger UI's "Try it out" sends a parameter's example, so a first try would wait
 * (`Prefer`), and a second try with an edited body would be a 409 (`Idempotency-Key`).
 */
export const SendHeaders = (): MethodDecorator =>
  applyDecorators(
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        'Your key for this request (1 to 255 visible ASCII characters; `invalid_idempotency_key`): the same key and body within 24 h answer with the first answer again, byte for byte, with `Idempotent-Replayed: true`, and create nothing; the same key with another body is 409.',
      schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,255}$' },
    }),
    ApiHeader({
      name: 'Prefer',
      required: false,
      description:
        'RFC 7240 preferences; `wait=N` (N in seconds, at most 30) holds the answer until the first outcome and answers with the whole message record and `Preference-Applied`: 200 when sent or delivered, 502 when it failed, 202 when N runs out. Other preferences are ignored.',
      schema: { type: 'string' },
    }),
    ErrorResponse(
      409,
      'CONFLICT: the Idempotency-Key was used with another body, or a request with it is still in progress',
    ),
  );

const SEND_HEADERS = { ...LOCATION, ...PREFERENCE_APPLIED, ...IDEMPOTENT_REPLAYED };

/**
 * What every send route shares: keys with messages:send and tokens with the sender (or admin)
 * role, 202, headers, error answers.
 */
export const SendRoute = (): MethodDecorator =>
  applyDecorators(
    HttpCode(HttpStatus.ACCEPTED),
    Auth({ apiKey: 'messages:send', jwt: 'sender' }),
    SendHeaders(),
    ApiExtraModels(AcceptedDto, WaitedMessageDto),
    ApiResponse({
      status: HttpStatus.ACCEPTED,
      description:
        'Accepted: stored and queued (or scheduled); `Location` names the message. The summary, or under `Prefer: wait` that ran out the whole record.',
      schema: {
        oneOf: [{ $ref: getSchemaPath(AcceptedDto) }, { $ref: getSchemaPath(WaitedMessageDto) }],
      },
      headers: SEND_HEADERS,
    }),
    ApiResponse({
      status: HttpStatus.OK,
      type: WaitedMessageDto,
      description: '`Prefer: wait` saw the message SENT or DELIVERED in time: the whole record',
      headers: SEND_HEADERS,
    }),
    BodyErrorResponses(
      'a field is missing or wrong, or a token names no appId without a default app',
    ),
    ErrorResponse(404, 'NOT_FOUND: the app a token names with `appId` does not exist'),
    ErrorResponse(
      502,
      'PROVIDER_ERROR: `Prefer: wait` saw the message fail (FAILED or UNDELIVERABLE)',
    ),
    ErrorResponse(503, 'CHANNEL_NOT_CONFIGURED: no provider is configured for the channel'),
  );
