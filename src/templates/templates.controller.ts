import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Put,
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
import { CurrentPrincipal } from '../identity/current-principal.decorator';
import type { Principal } from '../identity/principal';
import { totalOf } from '../common/http/page.query';
import { ErrorDto } from '../common/errors/error.dto';
import { BodyErrorResponses } from '../common/http/openapi-responses';
import {
  CREATE_TEMPLATE_EXAMPLES,
  CreateTemplateDto,
  ListTemplatesQuery,
  PREVIEW_TEMPLATE_EXAMPLES,
  PreviewTemplateDto,
  RenderedTemplateDto,
  TemplateDto,
  TemplateListDto,
  TemplateSummaryDto,
  TemplateVersionListDto,
  TemplateVersionPath,
  UPDATE_TEMPLATE_EXAMPLES,
  UpdateTemplateDto,
} from './templates.dto';
import { TemplatesService } from './templates.service';

/** Changes: keys with templates:write (their own app) and admin tokens (any app). */
const WRITE = { apiKey: 'templates:write', jwt: 'admin' } as const;
/** Reads and previews: the same keys, and viewer tokens too. */
const READ = { apiKey: 'templates:write', jwt: 'viewer' } as const;

@DescribedTag('templates', 'Stored Handlebars templates and partials, versioned, per app')
@Controller('templates')
export class TemplatesController {
  constructor(private readonly templates: TemplatesService) {}

  @Post()
  @Auth(WRITE)
  @ApiOperation({ summary: 'Create a template or a partial (version 1)' })
  @ApiBody({ type: CreateTemplateDto, examples: CREATE_TEMPLATE_EXAMPLES })
  @ApiCreatedResponse({ type: TemplateDto, description: 'The template, at version 1' })
  @BodyErrorResponses('a field is missing or wrong, or template_error: it does not compile')
  @ApiConflictResponse({ type: ErrorDto, description: 'The app has a template of that name' })
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateTemplateDto,
  ): Promise<TemplateDto> {
    return TemplateDto.ofVersion(await this.templates.create(principal, body));
  }

  @Get()
  @Auth(READ)
  @ApiOperation({ summary: 'List templates and partials, oldest first (no content)' })
  @ApiOkResponse({ type: TemplateListDto })
  @ApiBadRequestResponse({ type: ErrorDto })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListTemplatesQuery,
  ): Promise<TemplateListDto> {
    const { page, nextCursor } = await this.templates.list(principal, query);
    return {
      data: page.items.map((template) => TemplateSummaryDto.of(template)),
      ...(nextCursor === undefined ? {} : { nextCursor }),
      ...totalOf(page),
    };
  }

  @Get(':templateId')
  @Auth(READ)
  @ApiOperation({ summary: 'A template with its latest version' })
  @ApiOkResponse({ type: TemplateDto })
  @ApiNotFoundResponse({ type: ErrorDto })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('templateId') id: string,
  ): Promise<TemplateDto> {
    return TemplateDto.ofVersion(await this.templates.get(principal, id));
  }

  @Get(':templateId/versions')
  @Auth(READ)
  @ApiOperation({ summary: "A template's versions, oldest first" })
  @ApiOkResponse({ type: TemplateVersionListDto })
  @ApiNotFoundResponse({ type: ErrorDto })
  async versions(
    @CurrentPrincipal() principal: Principal,
    @Param('templateId') id: string,
  ): Promise<TemplateVersionListDto> {
    return TemplateVersionListDto.of(await this.templates.versions(principal, id));
  }

  @Get(':templateId/versions/:version')
  @Auth(READ)
  @ApiOperation({ summary: 'A template with the content of one version' })
  @ApiOkResponse({ type: TemplateDto })
  @ApiBadRequestResponse({
    type: ErrorDto,
    description: 'VALIDATION_ERROR: version is not a whole number of at least 1',
  })
  @ApiNotFoundResponse({ type: ErrorDto })
  async version(
    @CurrentPrincipal() principal: Principal,
    @Param() path: TemplateVersionPath,
  ): Promise<TemplateDto> {
    return TemplateDto.ofVersion(
      await this.templates.get(principal, path.templateId, path.version),
    );
  }

  @Put(':templateId')
  @Auth(WRITE)
  @ApiOperation({
    summary: 'Save new content as the next version (earlier versions stay readable)',
  })
  @ApiBody({ type: UpdateTemplateDto, examples: UPDATE_TEMPLATE_EXAMPLES })
  @ApiOkResponse({ type: TemplateDto, description: 'The template at its new version' })
  @BodyErrorResponses('a field is wrong, or template_error: it does not compile')
  @ApiNotFoundResponse({ type: ErrorDto })
  @ApiConflictResponse({ type: ErrorDto, description: 'The app has a template of that name' })
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('templateId') id: string,
    @Body() body: UpdateTemplateDto,
  ): Promise<TemplateDto> {
    return TemplateDto.ofVersion(await this.templates.update(principal, id, body));
  }

  @Delete(':templateId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @Auth(WRITE)
  @ApiOperation({ summary: 'Delete a template with all its versions' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiNotFoundResponse({ type: ErrorDto })
  async remove(
    @CurrentPrincipal() principal: Principal,
    @Param('templateId') id: string,
  ): Promise<void> {
    await this.templates.remove(principal, id);
  }

  @Post(':templateId/preview')
  @HttpCode(HttpStatus.OK)
  @Auth(READ)
  @ApiOperation({ summary: 'Render a version with the given data, without sending' })
  @ApiBody({
    type: PreviewTemplateDto,
    required: false,
    examples: PREVIEW_TEMPLATE_EXAMPLES,
    description: 'Optional: without a body, the latest version renders with no data',
  })
  @ApiOkResponse({ type: RenderedTemplateDto, description: 'The rendered subject, HTML and text' })
  @BodyErrorResponses('template_error: a variable is missing or rendering failed')
  @ApiNotFoundResponse({ type: ErrorDto })
  async preview(
    @CurrentPrincipal() principal: Principal,
    @Param('templateId') id: string,
    @Body() body: PreviewTemplateDto,
  ): Promise<RenderedTemplateDto> {
    return RenderedTemplateDto.of(await this.templates.preview(principal, id, body));
  }
}
