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
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Auth } from './auth.decorator';
import { ErrorDto } from '../common/errors/error.dto';
import { ApiKeyService } from './api-key.service';
import {
  ApiKeyListDto,
  AppDto,
  AppListDto,
  CallbackSecretDto,
  CreateAppDto,
  CreatedAppDto,
  CreatedKeyDto,
  CreateKeyDto,
  ListAppsQuery,
} from './apps.dto';
import { AppsService } from './apps.service';

const DEFAULT_PAGE_SIZE = 20;

@ApiTags('apps')
@Controller('apps')
export class AppsController {
  constructor(
    private readonly apps: AppsService,
    private readonly keys: ApiKeyService,
  ) {}

  @Post()
  @Auth({ jwt: 'admin' })
  @ApiOperation({ summary: 'Create an app (a tenant)' })
  @ApiCreatedResponse({ type: CreatedAppDto })
  @ApiBadRequestResponse({ type: ErrorDto })
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
  @ApiCreatedResponse({ type: CreatedKeyDto })
  @ApiBadRequestResponse({ type: ErrorDto })
  @ApiNotFoundResponse({ type: ErrorDto })
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
