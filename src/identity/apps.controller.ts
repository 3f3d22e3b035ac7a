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
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
} from '@nestjs/swagger';
import { DescribedTag } from '../common/http/openapi-registry';
import { Auth } from './auth.decorator';
import { ErrorDto } from '../common/errors/error.dto';
import { BodyErrorResponses } from '../common/http/openapi-responses';
import { ApiKeyService } from './api-key.service';
import {
  ApiKeyListDto,
  AppDto,
  AppListDto,
  CallbackSecretDto,
  CREATE_APP_EXAMPLES,
  CREATE_KEY_EXAMPLES,
  CreateAppDto,
  CreatedAppDto,
  CreatedKeyDto,
  CreateKeyDto,
  ListAppsQuery,
} from './apps.dto';
import { AppsService } from './apps.service';

const DEFAULT_PAGE_SIZE = 20;

@DescribedTag(
  'apps',
  'Apps (tenants) and their API keys: admin tokens manage them, viewer tokens read',
)
@Controller('apps')
export class AppsController {
  constructor(
    private readonly apps: AppsService,
    private readonly keys: ApiKeyService,
  ) {}

  @Post()
  @Auth({ jwt: 'admin' })
  @ApiOperation({ summary: 'Create an app (a tenant)' })
  @ApiBody({ type: CreateAppDto, examples: CREATE_APP_EXAMPLES })
  @ApiCreatedResponse({ type: CreatedAppDto, description: 'The app, with its callback secret' })
  @BodyErrorResponses('the name is missing or too long, or the rate limit is out of range')
  async create(@Body() body: CreateAppDto): Promise<CreatedAppDto> {
    const { name, ...options } = body;
    return CreatedAppDto.withSecret(await this.apps.create(name, options));
  }

  @Get()
  @Auth({ jwt: 'viewer' })
  @ApiOperation({ summary: 'List apps, oldest first' })
  @ApiOkResponse({ type: AppListDto })
  @ApiBadRequestResponse({ type: ErrorDto })
  async list(@Query() query: ListAppsQuery): Promise<AppListDto> {
    return AppListDto.of(await this.apps.list(query.limit ?? DEFAULT_PAGE_SIZE, query.cursor));
  }

  @Get(':appId')
  @Auth({ jwt: 'viewer' })
  @ApiOperation({ summary: 'Get an app' })
  @ApiOkResponse({ type: AppDto })
  @ApiNotFoundResponse({ type: ErrorDto })
  async get(@Param('appId') appId: string): Promise<AppDto> {
    return AppDto.of(await this.apps.get(appId));
  }

  @Get(':appId/callback-secret')
  @Auth({ jwt: 'admin' })
  @ApiOperation({ summary: "The secret that signs the app's status callbacks" })
  @ApiOkResponse({ type: CallbackSecretDto })
  @ApiNotFoundResponse({ type: ErrorDto })
  async callbackSecret(@Param('appId') appId: string): Promise<CallbackSecretDto> {
    return { callbackSecret: (await this.apps.get(appId)).callbackSecret };
  }

  @Post(':appId/keys')
  @Auth({ jwt: 'admin' })
  @ApiOperation({ summary: 'Create an API key; the answer is the only time the key is shown' })
  @ApiBody({
    type: CreateKeyDto,
    required: false,
    examples: CREATE_KEY_EXAMPLES,
    description: 'Optional: without a body, the key has no name and every scope',
  })
  @ApiCreatedResponse({ type: CreatedKeyDto, description: 'The key, shown this once' })
  @BodyErrorResponses('the name is too long, or a scope is unknown')
  @ApiNotFoundResponse({ type: ErrorDto, description: 'NOT_FOUND: no such app' })
  async createKey(
    @Param('appId') appId: string,
    @Body() body: CreateKeyDto,
  ): Promise<CreatedKeyDto> {
    const issued = await this.keys.issue(appId, body.name, body.scopes);
    return CreatedKeyDto.of(issued.record, issued.key);
  }

  @Get(':appId/keys')
  @Auth({ jwt: 'viewer' })
  @ApiOperation({ summary: "List an app's keys (never the keys themselves)" })
  @ApiOkResponse({ type: ApiKeyListDto })
  @ApiNotFoundResponse({ type: ErrorDto })
  async listKeys(@Param('appId') appId: string): Promise<ApiKeyListDto> {
    return ApiKeyListDto.of(await this.keys.list(appId));
  }

  @Delete(':appId/keys/:keyId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @Auth({ jwt: 'admin' })
  @ApiOperation({ summary: 'Revoke a key, at once' })
  @ApiNoContentResponse({ description: 'Revoked (also when it already was)' })
  @ApiNotFoundResponse({ type: ErrorDto })
  async revokeKey(@Param('appId') appId: string, @Param('keyId') keyId: string): Promise<void> {
    await this.keys.revoke(appId, keyId);
  }
}
