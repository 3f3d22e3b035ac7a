import { Body, Controller, Get, Headers, Param, Post, Put, Query } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { attachmentBodies, ReadBody } from '../../common/http/body-reading';
import { DescribedTag } from '../../common/http/openapi-registry';
import { CurrentPrincipal } from '../../identity/current-principal.decorator';
import type { Principal } from '../../identity/principal';
import type { SendOrigin } from '../../sending/send-origin';
import { SendingApp } from '../../sending/sending-app.decorator';
import {
  DGAPI_EMAIL_EXAMPLES,
  DGAPI_SMS_EXAMPLES,
  DgapiEmailDto,
  DgapiIncludeQuery,
  DgapiSmsDto,
} from './dgapi-request.dto';
import {
  DgapiController,
  DgapiCreateRoute,
  DgapiReadRoute,
  EntityInPath,
} from './dgapi-routes.decorator';
import { DgapiService } from './dgapi.service';
import { DgapiEmailAnswerDto, DgapiSmsAnswerDto } from './dgapi-view.dto';

const SMS_CODES =
  '`invalid_phone`, `message_empty`, `message_too_long`; `invalid_request` for other fields';
const EMAIL_CODES =
  '`invalid_email`, `missing_recipients`, `missing_subject`, `missing_template`, `template_not_found`, `template_error`, `attachment_too_large`; `invalid_request` for other fields';

const TAG = 'disposition gateway (dialect dgapi)';
const TAG_DESCRIPTION =
  "The Disposition Gateway's SMS and email tasks (`/sms`, `/email`), keyed by entity, over the same pipeline; an app API key as `Authorization: Bearer`";

@DescribedTag(TAG, TAG_DESCRIPTION)
@DgapiController()
@Controller('sms')
export class DgapiSmsController {
  constructor(private readonly dgapi: DgapiService) {}

  @Put(':entity')
  @ApiOperation({ summary: 'Create an SMS task (the same entity and body: the same task)' })
  @EntityInPath()
  @DgapiCreateRoute(
    { type: DgapiSmsDto, examples: DGAPI_SMS_EXAMPLES },
    DgapiSmsAnswerDto,
    SMS_CODES,
  )
  async put(
    @SendingApp() origin: SendOrigin,
    @Param('entity') entity: string,
    @Body() body: DgapiSmsDto,
  ): Promise<DgapiSmsAnswerDto> {
    return {
      status: 'success',
      data: await this.dgapi.sendSms(origin, entity, body),
    } as DgapiSmsAnswerDto;
  }

  @Post(':entity')
  @ApiOperation({ summary: 'Create an SMS task, as PUT does' })
  @EntityInPath()
  @DgapiCreateRoute(
    { type: DgapiSmsDto, examples: DGAPI_SMS_EXAMPLES },
    DgapiSmsAnswerDto,
    SMS_CODES,
  )
  post(
    @SendingApp() origin: SendOrigin,
    @Param('entity') entity: string,
    @Body() body: DgapiSmsDto,
  ): Promise<DgapiSmsAnswerDto> {
    return this.put(origin, entity, body);
  }

  @Get(':entity')
  @ApiOperation({ summary: 'An SMS task by its entity or task id' })
  @DgapiReadRoute(DgapiSmsAnswerDto)
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('entity') task: string,
    @Query() query: DgapiIncludeQuery,
  ): Promise<DgapiSmsAnswerDto> {
    const data = await this.dgapi.smsStatus(principal, task, query.include);
    return { status: 'success', data } as DgapiSmsAnswerDto;
  }
}

@DescribedTag(TAG, TAG_DESCRIPTION)
@DgapiController()
@Controller('email')
export class DgapiEmailController {
  constructor(private readonly dgapi: DgapiService) {}

  @Put()
  @ReadBody(attachmentBodies)
  @ApiOperation({ summary: 'Create a template email task' })
  @DgapiCreateRoute(
    { type: DgapiEmailDto, examples: DGAPI_EMAIL_EXAMPLES },
    DgapiEmailAnswerDto,
    EMAIL_CODES,
  )
  async put(
    @SendingApp() origin: SendOrigin,
    @Body() body: DgapiEmailDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
  ): Promise<DgapiEmailAnswerDto> {
    const data = await this.dgapi.sendEmail(origin, body, idempotencyKey);
    return { status: 'success', data } as DgapiEmailAnswerDto;
  }

  @Get(':entity')
  @ApiOperation({ summary: 'An email task by its task id or entity' })
  @DgapiReadRoute(DgapiEmailAnswerDto)
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('entity') task: string,
    @Query() query: DgapiIncludeQuery,
  ): Promise<DgapiEmailAnswerDto> {
    const data = await this.dgapi.emailStatus(principal, task, query.include);
    return { status: 'success', data } as DgapiEmailAnswerDto;
  }
}
