import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { BodyErrorResponses, ErrorResponse } from '../common/http/openapi-responses';
import { Auth } from '../identity/auth.decorator';
import { CurrentPrincipal } from '../identity/current-principal.decorator';
import type { Principal } from '../identity/principal';
import { EngagementSummaryDto, EngagementSummaryQuery } from './app-engagement.dto';
import {
  ENGAGEMENT_DEFAULTS_EXAMPLES,
  EngagementDefaultsDto,
  SetEngagementDefaultsDto,
} from './engagement-defaults.dto';
import { EngagementDefaultsService } from './engagement-defaults.service';
import { EngagementSummaryService } from './engagement-summary.service';
import { EngagementTag } from './link-routes.decorator';

@EngagementTag()
@Controller('apps/:appId')
@ErrorResponse(404, 'NOT_FOUND: no such app')
export class AppEngagementController {
  constructor(
    private readonly summaries: EngagementSummaryService,
    private readonly defaults: EngagementDefaultsService,
  ) {}

  @Get('engagement')
  @Auth({ apiKey: 'messages:read', jwt: 'viewer' })
  @ApiOperation({
    summary: "The app's email engagement per day and per template",
    description:
      'Sends, deliveries, opens and clicks by people, unsubscribes, bounces and complaints of the emails created in [from, to), by the UTC day of their creation and by template.',
  })
  @ApiOkResponse({ type: EngagementSummaryDto, description: 'The counts, by day and by template' })
  @ErrorResponse(
    400,
    'VALIDATION_ERROR: `from` or `to` is not an ISO 8601 date, or the range is out of order or longer than 92 days (`invalid_range`)',
  )
  async summary(
    @CurrentPrincipal() principal: Principal,
    @Param('appId') appId: string,
    @Query() query: EngagementSummaryQuery,
  ): Promise<EngagementSummaryDto> {
    const { from, to, summary, truncated } = await this.summaries.summary(principal, appId, query);
    return EngagementSummaryDto.of(appId, { from, to }, summary, truncated);
  }

  @Get('engagement-defaults')
  @Auth({ jwt: 'viewer' })
  @ApiOperation({ summary: "The app's email tracking and unsubscribe defaults" })
  @ApiOkResponse({ type: EngagementDefaultsDto, description: 'The defaults; all off until set' })
  async getDefaults(@Param('appId') appId: string): Promise<EngagementDefaultsDto> {
    return EngagementDefaultsDto.of(await this.defaults.get(appId));
  }

  @Put('engagement-defaults')
  @Auth({ jwt: 'admin' })
  @ApiOperation({
    summary: "Sets the app's email tracking and unsubscribe defaults",
    description:
      'Applied to emails that do not say: tracking off and no unsubscribe link unless turned on here. `not_configured` when the service cannot make links (no PUBLIC_URL in production).',
  })
  @ApiBody({ type: SetEngagementDefaultsDto, examples: ENGAGEMENT_DEFAULTS_EXAMPLES })
  @ApiOkResponse({ type: EngagementDefaultsDto, description: 'The defaults, as now set' })
  @BodyErrorResponses(
    'a field is missing or wrong, or links are asked for where the service cannot make them (`not_configured`)',
  )
  async setDefaults(
    @Param('appId') appId: string,
    @Body() body: SetEngagementDefaultsDto,
  ): Promise<EngagementDefaultsDto> {
    return EngagementDefaultsDto.of(await this.defaults.set(appId, body));
  }
}
