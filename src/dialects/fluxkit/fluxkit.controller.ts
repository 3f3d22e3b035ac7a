import {
  applyDecorators,
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Post,
  Query,
  UseFilters,
} from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiResponse } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { ShapedErrorsFilter } from '../../common/errors/shaped-errors.filter';
import { DescribedTag } from '../../common/http/openapi-registry';
import { Auth, Public } from '../../identity/auth.decorator';
import { CurrentPrincipal } from '../../identity/current-principal.decorator';
import type { Principal } from '../../identity/principal';
import { IdempotencyKey } from '../../sending/idempotency-key.decorator';
import type { SendOrigin } from '../../sending/send-origin';
import { SendingApp } from '../../sending/sending-app.decorator';
import { fluxkitError } from './fluxkit-errors';
import { type FluxkitHealth, FluxkitHealthService } from './fluxkit-health.service';
import { FluxkitLogsService } from './fluxkit-logs.service';
import {
  FLUXKIT_EXAMPLES,
  FluxkitEmailDto,
  FluxkitErrorDto,
  FluxkitLogsDto,
  FluxkitLogsQuery,
  FluxkitSentDto,
  FluxkitSmsDto,
  FluxkitTemplateEmailDto,
  FluxkitWhatsappDto,
} from './fluxkit.dto';
import { FLUXKIT_WAIT_SECONDS, FluxkitService } from './fluxkit.service';

const error = (status: number, description: string): MethodDecorator & ClassDecorator =>
  ApiResponse({ status, description, type: FluxkitErrorDto });

const CALLER_ERRORS = (): MethodDecorator =>
  applyDecorators(
    error(401, 'UNAUTHORIZED: missing or invalid token'),
    error(429, 'RATE_LIMITED: too many requests'),
  );

/**
 * A send's answers: 200 with the outcome, errors as `{error: {code, message, details}}` (after
 * Auth, whose error answers in the API's own shape these replace).
 */
const FluxkitSend = (channel: string): MethodDecorator =>
  applyDecorators(
    Auth({ jwt: 'sender' }),
    error(
      400,
      `VALIDATION_ERROR: invalid request body; PROVIDER_NOT_CONFIGURED: no ${channel} provider`,
    ),
    error(403, 'FORBIDDEN: the token has neither the sender nor the admin role'),
    error(404, 'NOT_FOUND: the app `appId` names does not exist'),
    error(413, 'PAYLOAD_TOO_LARGE: the body is larger than BODY_LIMIT'),
    error(
      500,
      `SEND_FAILED: the ${channel} provider refused or failed the message; INTERNAL_ERROR: an unexpected failure`,
    ),
    CALLER_ERRORS(),
    HttpCode(HttpStatus.OK),
    ApiOkResponse({
      type: FluxkitSentDto,
      description: 'Sent (or, when the wait ran out, its status then)',
    }),
  );

/** An email the app's suppression list refused: the caller's to fix, not the provider's. */
const SuppressedRecipient = (): MethodDecorator =>
  error(
    422,
    "RECIPIENT_SUPPRESSED: an address is on the app's suppression list (send without it, or take it off the list)",
  );

/** Where the messaging API's routes live: outside `/api/v1`, as it had them. */
export const FLUXKIT_BASE_PATH = 'messaging';

@DescribedTag(
  'dialect: fluxkit',
  `The FluxKit messaging API (\`/messaging\`, outside \`/api/v1\`): email, templated email, SMS and WhatsApp answered once the provider took them (up to ${FLUXKIT_WAIT_SECONDS} s), message logs and health in its shapes; errors as \`{error: {code, message, details}}\`. Bearer tokens (sender or admin role to send, viewer or admin to read logs).`,
)
@Controller(FLUXKIT_BASE_PATH)
@error(500, 'INTERNAL_ERROR: an unexpected failure, without internals')
@UseFilters(new ShapedErrorsFilter(fluxkitError))
export class FluxkitController {
  constructor(
    private readonly fluxkit: FluxkitService,
    private readonly logsService: FluxkitLogsService,
    private readonly healthService: FluxkitHealthService,
  ) {}

  @Post('email')
  @FluxkitSend('email')
  @SuppressedRecipient()
  @ApiOperation({ summary: 'Send an HTML email' })
  @ApiBody({ type: FluxkitEmailDto, examples: FLUXKIT_EXAMPLES.email })
  email(
    @SendingApp() origin: SendOrigin,
    @Body() body: FluxkitEmailDto,
    @IdempotencyKey() idempotencyKey: string | undefined,
  ): Promise<FluxkitSentDto> {
    return this.fluxkit.sendEmail(origin, body, idempotencyKey);
  }

  @Post('email/template')
  @FluxkitSend('email')
  @SuppressedRecipient()
  @ApiOperation({ summary: "Send one of the app's stored email templates" })
  @ApiBody({ type: FluxkitTemplateEmailDto, examples: FLUXKIT_EXAMPLES.template })
  template(
    @SendingApp() origin: SendOrigin,
    @Body() body: FluxkitTemplateEmailDto,
    @IdempotencyKey() idempotencyKey: string | undefined,
  ): Promise<FluxkitSentDto> {
    return this.fluxkit.sendTemplate(origin, body, idempotencyKey);
  }

  @Post('sms')
  @FluxkitSend('SMS')
  @ApiOperation({ summary: 'Send an SMS' })
  @ApiBody({ type: FluxkitSmsDto, examples: FLUXKIT_EXAMPLES.sms })
  sms(
    @SendingApp() origin: SendOrigin,
    @Body() body: FluxkitSmsDto,
    @IdempotencyKey() idempotencyKey: string | undefined,
  ): Promise<FluxkitSentDto> {
    return this.fluxkit.sendSms(origin, body, idempotencyKey);
  }

  @Post('whatsapp')
  @FluxkitSend('WhatsApp')
  @ApiOperation({ summary: 'Send a WhatsApp message' })
  @ApiBody({ type: FluxkitWhatsappDto, examples: FLUXKIT_EXAMPLES.whatsapp })
  whatsapp(
    @SendingApp() origin: SendOrigin,
    @Body() body: FluxkitWhatsappDto,
    @IdempotencyKey() idempotencyKey: string | undefined,
  ): Promise<FluxkitSentDto> {
    return this.fluxkit.sendWhatsapp(origin, body, idempotencyKey);
  }

  @Get('logs')
  @error(400, 'VALIDATION_ERROR: a filter is invalid')
  @error(403, 'FORBIDDEN: the token has neither the viewer nor the admin role')
  @error(404, 'NOT_FOUND: the app `appId` names does not exist')
  @CALLER_ERRORS()
  @Auth({ jwt: 'viewer' })
  @ApiOperation({ summary: "The app's messages, newest first, with offset paging" })
  @ApiOkResponse({ type: FluxkitLogsDto, description: 'A page of logs' })
  logs(
    @CurrentPrincipal() principal: Principal,
    @Query() query: FluxkitLogsQuery,
  ): Promise<FluxkitLogsDto> {
    return this.logsService.logs(principal, query);
  }

  @Get('health')
  @Public()
  @SkipThrottle()
  @ApiOperation({ summary: "Each channel's provider and whether it takes sends" })
  @ApiOkResponse({ description: "Health in the messaging API's shape", schema: { type: 'object' } })
  health(): FluxkitHealth {
    return this.healthService.health();
  }
}
