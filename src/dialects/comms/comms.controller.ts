import {
  applyDecorators,
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Post,
  UseFilters,
} from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiResponse } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { ShapedErrorsFilter } from '../../common/errors/shaped-errors.filter';
import { DescribedTag } from '../../common/http/openapi-registry';
import { Auth, Public } from '../../identity/auth.decorator';
import { IdempotencyKey } from '../../sending/idempotency-key.decorator';
import type { SendOrigin } from '../../sending/send-origin';
import { SendingApp } from '../../sending/sending-app.decorator';
import { commsError } from './comms-errors';
import { type CommsHealth, CommsHealthService } from './comms-health.service';
import {
  COMMS_EXAMPLES,
  CommsCallDto,
  CommsCallMadeDto,
  CommsEmailDto,
  CommsEmailSentDto,
  CommsErrorDto,
  CommsSmsDto,
  CommsSmsSentDto,
} from './comms.dto';
import { COMMS_WAIT_SECONDS, CommsService } from './comms.service';

const error = (status: number, description: string): MethodDecorator & ClassDecorator =>
  ApiResponse({ status, description, type: CommsErrorDto });

/** Any route's unexpected failure, in the service's shape. */
const unexpected = (): ClassDecorator =>
  error(500, 'An unexpected failure, without internals; quote x-request-id when reporting it');

/**
 * A send's answers: 200 once the provider took it, its errors as `{detail}` (after Auth, whose
 * error answers in the API's own shape these replace).
 */
const CommsSend = (channel: string): MethodDecorator =>
  applyDecorators(
    Auth({ apiKey: 'messages:send' }),
    error(400, 'Invalid request (missing field, invalid address or number, too long)'),
    error(401, 'No API key, or an invalid or revoked one'),
    error(403, 'The API key lacks messages:send'),
    error(413, 'The body is larger than BODY_LIMIT'),
    error(429, 'Too many requests: retry after `Retry-After` seconds'),
    error(502, `The ${channel} provider refused or failed the message`),
    error(503, `No ${channel} provider is configured`),
    HttpCode(HttpStatus.OK),
  );

@DescribedTag(
  'dialect: comms',
  `The Communications Service's API (\`/api/v1/comms\`): email, SMS and calls answered once the provider took them (up to ${COMMS_WAIT_SECONDS} s), health, status and version in its shapes; errors as \`{detail}\`. API keys (\`x-api-key\`).`,
)
@Controller('comms')
@unexpected()
@UseFilters(new ShapedErrorsFilter(commsError))
export class CommsController {
  constructor(
    private readonly comms: CommsService,
    private readonly health: CommsHealthService,
  ) {}

  @Post('email/send')
  @CommsSend('email')
  @error(
    422,
    "An address is on the app's suppression list: send without it, or take it off the list",
  )
  @ApiOperation({ summary: 'Send an email and wait for the provider to take it' })
  @ApiBody({ type: CommsEmailDto, examples: COMMS_EXAMPLES.email })
  @ApiOkResponse({
    type: CommsEmailSentDto,
    description: 'Email sent (or queued when the wait ran out)',
  })
  sendEmail(
    @SendingApp() origin: SendOrigin,
    @Body() body: CommsEmailDto,
    @IdempotencyKey() idempotencyKey: string | undefined,
  ): Promise<CommsEmailSentDto> {
    return this.comms.sendEmail(origin, body, idempotencyKey);
  }

  @Post('sms/send')
  @CommsSend('SMS')
  @ApiOperation({ summary: 'Send an SMS and wait for the provider to take it' })
  @ApiBody({ type: CommsSmsDto, examples: COMMS_EXAMPLES.sms })
  @ApiOkResponse({
    type: CommsSmsSentDto,
    description: 'SMS sent (or queued when the wait ran out)',
  })
  sendSms(
    @SendingApp() origin: SendOrigin,
    @Body() body: CommsSmsDto,
    @IdempotencyKey() idempotencyKey: string | undefined,
  ): Promise<CommsSmsSentDto> {
    return this.comms.sendSms(origin, body, idempotencyKey);
  }

  @Post('call/make')
  @CommsSend('voice')
  @ApiOperation({ summary: 'Make a call and wait for the provider to take it' })
  @ApiBody({ type: CommsCallDto, examples: COMMS_EXAMPLES.call })
  @ApiOkResponse({ type: CommsCallMadeDto, description: 'Call initiated' })
  makeCall(
    @SendingApp() origin: SendOrigin,
    @Body() body: CommsCallDto,
    @IdempotencyKey() idempotencyKey: string | undefined,
  ): Promise<CommsCallMadeDto> {
    return this.comms.makeCall(origin, body, idempotencyKey);
  }

  @Get('health')
  @Public()
  @SkipThrottle()
  @ApiOperation({ summary: 'Each channel: configured, its provider and its errors' })
  @ApiOkResponse({ description: "Health in the service's shape", schema: { type: 'object' } })
  report(): CommsHealth {
    return this.health.health();
  }

  @Get('status')
  @error(401, 'No API key, or an invalid or revoked one')
  @error(403, 'The token lacks the admin role')
  @error(429, 'Too many requests: retry after `Retry-After` seconds')
  @Auth({ apiKey: true, jwt: 'admin' })
  @ApiOperation({
    summary: 'Which settings each channel has: booleans and senders, never a secret',
  })
  @ApiOkResponse({ description: 'Settings by channel', schema: { type: 'object' } })
  status(): Record<string, unknown> {
    return this.health.status();
  }

  @Get('version')
  @Public()
  @ApiOperation({ summary: 'Version, features, providers and endpoints' })
  @ApiOkResponse({ description: 'Version information', schema: { type: 'object' } })
  version(): Record<string, unknown> {
    return this.health.version();
  }
}
