import { Body, Controller, HttpCode, HttpStatus, Post, UseFilters } from '@nestjs/common';
import {
  ApiBody,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import { ShapedErrorsFilter } from '../../common/errors/shaped-errors.filter';
import { DescribedTag } from '../../common/http/openapi-registry';
import { Auth } from '../../identity/auth.decorator';
import { CurrentPrincipal } from '../../identity/current-principal.decorator';
import type { Principal } from '../../identity/principal';
import { IdempotencyKey } from '../../sending/idempotency-key.decorator';
import { problemDetails } from './communications-errors';
import {
  COMMUNICATION_EXAMPLE,
  CommunicationBatchResponseDto,
  CommunicationDto,
  ProblemDetailsDto,
} from './communications.dto';
import { CommunicationsService } from './communications.service';

const problem = (status: number, description: string): MethodDecorator =>
  ApiResponse({
    status,
    description,
    content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDetailsDto) } } },
  });

@DescribedTag(
  'dialect: communications',
  'The multi-channel send API (`POST /api/v1/communications/send`): one subject and body through Email, Sms, Push, InApp and Webhook at once, as a broadcast; admin tokens; errors as RFC 9457 problem details.',
)
@Controller('communications')
@ApiExtraModels(ProblemDetailsDto)
@UseFilters(new ShapedErrorsFilter(problemDetails))
export class CommunicationsController {
  constructor(private readonly communications: CommunicationsService) {}

  @Post('send')
  @problem(400, 'The body is invalid, or every channel failed (each reason in `detail`)')
  @problem(401, 'No bearer token, or an invalid or expired one')
  @problem(403, 'The token lacks the admin role')
  @problem(404, 'The app `appId` names does not exist')
  @problem(413, 'The body is larger than BODY_LIMIT')
  @problem(429, 'Too many requests: retry after `Retry-After` seconds')
  @problem(500, 'An unexpected failure, without internals; quote x-request-id when reporting it')
  @HttpCode(HttpStatus.OK)
  @Auth({ jwt: 'admin' })
  @ApiOperation({
    summary: 'Send one subject and body through several channels at once',
    description:
      'Each channel is sent its part by its own rules, at once; a channel that fails reports it in its result and the answer stays 200, unless every channel failed (400).',
  })
  @ApiBody({
    type: CommunicationDto,
    examples: { maintenance: { summary: 'Email, SMS and in-app', value: COMMUNICATION_EXAMPLE } },
  })
  @ApiOkResponse({ type: CommunicationBatchResponseDto, description: 'One result per channel' })
  send(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CommunicationDto,
    @IdempotencyKey() idempotencyKey: string | undefined,
  ): Promise<CommunicationBatchResponseDto> {
    return this.communications.send(principal, body, idempotencyKey);
  }
}
