import { applyDecorators, HttpCode, HttpStatus } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadGatewayResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiHeader,
  ApiOkResponse,
  ApiServiceUnavailableResponse,
} from '@nestjs/swagger';
import { Auth } from '../identity/auth.decorator';
import { ErrorDto } from '../common/errors/error.dto';
import { AcceptedDto } from './accepted.dto';

/** What every send route shares: key auth with messages:send, 202, headers, error answers. */
export const SendRoute = (): MethodDecorator =>
  applyDecorators(
    HttpCode(HttpStatus.ACCEPTED),
    Auth({ apiKey: 'messages:send' }),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description: 'Same key and body within 24 h: the first answer, nothing new',
    }),
    ApiHeader({
      name: 'Prefer',
      required: false,
      description: 'wait=N (N ≤ 30): hold the answer until the first outcome',
    }),
    ApiAcceptedResponse({ type: AcceptedDto, description: 'Accepted; Location names the message' }),
    ApiOkResponse({ type: AcceptedDto, description: 'Prefer: wait saw it sent or delivered' }),
    ApiBadRequestResponse({ type: ErrorDto }),
    ApiConflictResponse({
      type: ErrorDto,
      description: 'Idempotency-Key reused with another body',
    }),
    ApiBadGatewayResponse({ type: ErrorDto, description: 'Prefer: wait saw it fail' }),
    ApiServiceUnavailableResponse({ type: ErrorDto, description: 'CHANNEL_NOT_CONFIGURED' }),
  );
