import { applyDecorators, HttpCode, HttpStatus } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadGatewayResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiExtraModels,
  ApiHeader,
  ApiOkResponse,
  ApiServiceUnavailableResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import { Auth } from '../identity/auth.decorator';
import { ErrorDto } from '../common/errors/error.dto';
import { AcceptedDto, WaitedMessageDto } from './accepted.dto';

/**
 * What every send route shares: keys with messages:send and tokens with the sender (or admin)
 * role, 202, headers, error answers.
 */
export const SendRoute = (): MethodDecorator =>
  applyDecorators(
    HttpCode(HttpStatus.ACCEPTED),
    Auth({ apiKey: 'messages:send', jwt: 'sender' }),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        'Same key and body within 24 h: the first answer again, byte for byte, with `Idempotent-Replayed: true`; nothing new',
    }),
    ApiHeader({
      name: 'Prefer',
      required: false,
      description:
        'wait=N (N ≤ 30): hold the answer until the first outcome; answered with the whole message record and `Preference-Applied`',
    }),
    ApiExtraModels(AcceptedDto, WaitedMessageDto),
    ApiAcceptedResponse({
      description:
        'Accepted; Location names the message. The summary, or under `Prefer: wait` that ran out the whole record',
      schema: {
        oneOf: [{ $ref: getSchemaPath(AcceptedDto) }, { $ref: getSchemaPath(WaitedMessageDto) }],
      },
    }),
    ApiOkResponse({ type: WaitedMessageDto, description: 'Prefer: wait saw it sent or delivered' }),
    ApiBadRequestResponse({ type: ErrorDto }),
    ApiConflictResponse({
      type: ErrorDto,
      description: 'Idempotency-Key reused with another body',
    }),
    ApiBadGatewayResponse({ type: ErrorDto, description: 'Prefer: wait saw it fail' }),
    ApiServiceUnavailableResponse({ type: ErrorDto, description: 'CHANNEL_NOT_CONFIGURED' }),
  );
