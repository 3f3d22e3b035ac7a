import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Query,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
} from '@nestjs/swagger';
import { DescribedTag } from '../common/http/openapi-registry';
import { Auth } from '../identity/auth.decorator';
import { ErrorDto } from '../common/errors/error.dto';
import { BodyErrorResponses, QueryErrorResponse } from '../common/http/openapi-responses';
import {
  CREATE_SUPPRESSION_EXAMPLES,
  CreateSuppressionDto,
  ListSuppressionsQuery,
  RemoveSuppressionQuery,
  SuppressionDto,
  SuppressionListDto,
} from './suppressions.dto';
import { SuppressionsService } from './suppressions.service';

const DEFAULT_PAGE_SIZE = 20;
const MANUAL_DETAIL = 'added by an admin';

@DescribedTag(
  'suppressions',
  'Email addresses an app no longer mails: hard bounces, complaints and those added by admins',
)
@Controller('suppressions')
export class SuppressionsController {
  constructor(private readonly suppressions: SuppressionsService) {}

  @Get()
  @Auth({ jwt: 'viewer' })
  @ApiOperation({
    summary: "An app's suppressed email addresses, in address order",
    description:
      'Addresses that bounced for good, complained or unsubscribed, and those added by admins. ' +
      'Emails to any of them end UNDELIVERABLE without a provider call; an entry with a topic ' +
      'refuses only emails naming that topic.',
  })
  @ApiOkResponse({ type: SuppressionListDto })
  @ApiBadRequestResponse({ type: ErrorDto })
  @ApiNotFoundResponse({ type: ErrorDto, description: 'No such app' })
  async list(@Query() query: ListSuppressionsQuery): Promise<SuppressionListDto> {
    return SuppressionListDto.of(
      await this.suppressions.list(query.appId, query.limit ?? DEFAULT_PAGE_SIZE, query.cursor),
    );
  }

  @Post()
  @Auth({ jwt: 'admin' })
  @ApiOperation({ summary: "Add an address to an app's suppression list" })
  @ApiBody({ type: CreateSuppressionDto, examples: CREATE_SUPPRESSION_EXAMPLES })
  @ApiCreatedResponse({ type: SuppressionDto, description: 'The address, now suppressed' })
  @BodyErrorResponses('the address is not an email address, or appId is missing')
  @ApiNotFoundResponse({ type: ErrorDto, description: 'No such app' })
  @ApiConflictResponse({ type: ErrorDto, description: 'The address is on the list already' })
  async add(@Body() body: CreateSuppressionDto): Promise<SuppressionDto> {
    return SuppressionDto.of(
      await this.suppressions.add(
        body.appId,
        body.address,
        body.detail ?? MANUAL_DETAIL,
        body.topic,
      ),
    );
  }

  @Delete(':address')
  @HttpCode(HttpStatus.NO_CONTENT)
  @Auth({ jwt: 'admin' })
  @ApiOperation({ summary: "Remove an address from an app's list: emails to it are sent again" })
  @ApiNoContentResponse({ description: 'Removed' })
  @QueryErrorResponse()
  @ApiNotFoundResponse({ type: ErrorDto, description: 'No such app, or the address is not listed' })
  async remove(
    @Param('address') address: string,
    @Query() query: RemoveSuppressionQuery,
  ): Promise<void> {
    await this.suppressions.remove(query.appId, address, query.topic);
  }
}
