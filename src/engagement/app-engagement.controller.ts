import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ErrorDto } from '../common/errors/error.dto';
import { Auth } from '../identity/auth.decorator';
import { CurrentPrincipal } from '../identity/current-principal.decorator';
import type { Principal } from '../identity/principal';
import { EngagementSummaryDto, EngagementSummaryQuery } from './app-engagement.dto';
import { EngagementDefaultsDto, SetEngagementDefaultsDto } from './engagement-defaults.dto';
import { EngagementDefaultsService } from './engagement-defaults.service';
import { EngagementSummaryService } from './engagement-summary.service';

@ApiTags('engagement')
@Controller('apps/:appId')
@ApiNotFoundResponse({ type: ErrorDto, description: 'No such app' })
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
  @ApiOkResponse({ type: EngagementSummaryDto })
  @ApiBadRequestResponse({ type: ErrorDto })
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
  @ApiOkResponse({ type: EngagementDefaultsDto })
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
  @ApiOkResponse({ type: EngagementDefaultsDto })
  @ApiBadRequestResponse({ type: ErrorDto })
  async setDefaults(
    @Param('appId') appId: string,
    @Body() body: SetEngagementDefaultsDto,
  ): Promise<EngagementDefaultsDto> {
    return EngagementDefaultsDto.of(await this.defaults.set(appId, body));
  }
}
