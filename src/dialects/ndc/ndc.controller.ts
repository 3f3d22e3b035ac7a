import {
  applyDecorators,
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Query,
  Res,
  UseFilters,
} from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOkResponse, ApiOperation, ApiResponse } from '@nestjs/swagger';
import type { ExamplesObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import type { Response } from 'express';
import { attachmentBodies, ReadBody } from '../../common/http/body-reading';
import { BodyErrorResponses, ErrorResponse } from '../../common/http/openapi-responses';
import { DescribedTag } from '../../common/http/openapi-registry';
import { Auth } from '../../identity/auth.decorator';
import { CurrentPrincipal } from '../../identity/current-principal.decorator';
import type { Principal } from '../../identity/principal';
import { REPLAYED_HEADER, type SendAnswer } from '../../sending/send-answer';
import { sendOptions } from '../../sending/send-options';
import type { SendOrigin } from '../../sending/send-origin';
import { SendingApp } from '../../sending/sending-app.decorator';
import { NdcExceptionsFilter } from './ndc-exceptions.filter';
import { NDC_EMAIL_EXAMPLES, NDC_SMS_EXAMPLES, NdcSendDto, NdcSmsSendDto } from './ndc-send.dto';
import { NdcService } from './ndc.service';
import { NdcAcceptedDto, NdcListQuery, NdcMessageDto, NdcMessagePageDto } from './ndc-view.dto';

/** The 202 of a send: its message id, and where the message is read. */
function accepted(answer: SendAnswer, res: Response): NdcAcceptedDto {
  if (answer.replayed) res.setHeader(REPLAYED_HEADER, 'true');
  res.location(`/v1/messages/${answer.message.id}`);
  return { messageId: answer.message.id, status: 'accepted' };
}

/** What both send routes share: who may send, the 202 and the error answers. */
const NdcSendRoute = (
  channel: string,
  body: new () => object,
  examples: ExamplesObject,
): MethodDecorator =>
  applyDecorators(
    HttpCode(HttpStatus.ACCEPTED),
    Auth({ apiKey: 'messages:send', jwt: 'sender' }),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        'As on the unified send routes: the same key and body within 24 h answer the first answer again and create nothing; another body is 409 CONFLICT.',
      schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,255}$' },
    }),
    ErrorResponse(409, 'CONFLICT: the Idempotency-Key was used with another body'),
    ApiOperation({ summary: `Send ${channel} (the comms API's envelope)` }),
    ApiBody({ type: body, examples }),
    ApiResponse({
      status: HttpStatus.ACCEPTED,
      type: NdcAcceptedDto,
      description: 'Accepted: stored and queued; delivery state is on the message',
    }),
    BodyErrorResponses('a field is missing or fails its schema'),
    ErrorResponse(503, 'CHANNEL_NOT_CONFIGURED: no provider is configured for the channel'),
  );

@DescribedTag(
  'comms (dialect ndc)',
  'The comms API (`/v1/messages`): its envelope, statuses and pages over the same pipeline; API key in x-api-key',
)
@UseFilters(NdcExceptionsFilter)
@Controller('v1/messages')
export class NdcController {
  constructor(private readonly ndc: NdcService) {}

  @Post('email')
  @NdcSendRoute('an email', NdcSendDto, NDC_EMAIL_EXAMPLES)
  @ReadBody(attachmentBodies)
  async sendEmail(
    @SendingApp() origin: SendOrigin,
    @Body() body: NdcSendDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<NdcAcceptedDto> {
    return accepted(
      await this.ndc.sendEmail(origin, body, sendOptions(idempotencyKey, undefined)),
      res,
    );
  }

  @Post('sms')
  @NdcSendRoute('an SMS', NdcSmsSendDto, NDC_SMS_EXAMPLES)
  async sendSms(
    @SendingApp() origin: SendOrigin,
    @Body() body: NdcSmsSendDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<NdcAcceptedDto> {
    return accepted(
      await this.ndc.sendSms(origin, body, sendOptions(idempotencyKey, undefined)),
      res,
    );
  }

  @Get()
  @Auth({ apiKey: 'messages:read', jwt: 'viewer' })
  @ApiOperation({ summary: 'A page of messages, newest first; filters combine with AND' })
  @ApiOkResponse({ type: NdcMessagePageDto })
  @ErrorResponse(400, 'VALIDATION_ERROR: a filter is not valid')
  list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: NdcListQuery,
  ): Promise<NdcMessagePageDto> {
    return this.ndc.list(principal, query);
  }

  @Get(':messageId')
  @Auth({ apiKey: 'messages:read', jwt: 'viewer' })
  @ApiOperation({ summary: 'One message with its attempts' })
  @ApiOkResponse({ type: NdcMessageDto })
  @ErrorResponse(404, 'NOT_FOUND: no message with that id in this app')
  get(
    @CurrentPrincipal() principal: Principal,
    @Param('messageId') id: string,
  ): Promise<NdcMessageDto> {
    return this.ndc.get(principal, id);
  }
}
