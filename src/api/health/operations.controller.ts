import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { Response } from 'express';
import { Auth, Public } from '../../identity/auth.decorator';
import { MetricsService } from '../../common/metrics/metrics.service';
import { StatusService } from './status.service';
import { VersionService, type VersionInfo } from './version.service';
import { VersionInfoDto } from './health.dto';
import { ChannelStatusDto, STATUS_REPORT_EXAMPLE, StatusReportDto } from './status.dto';

@ApiTags('operations')
@Controller()
export class OperationsController {
  constructor(
    private readonly statuses: StatusService,
    private readonly versions: VersionService,
    private readonly metrics: MetricsService,
  ) {}

  @Get('status')
  @Auth({ jwt: 'admin' })
  @ApiOperation({
    summary:
      "Configuration at a glance: booleans and modes, each channel's providers and default senders, never a secret",
  })
  @ApiExtraModels(ChannelStatusDto)
  @ApiOkResponse({
    type: StatusReportDto,
    description: 'Settings by area, never a secret',
    example: STATUS_REPORT_EXAMPLE,
  })
  status(): Record<string, unknown> {
    return this.statuses.status();
  }

  @Get('version')
  @Public()
  @ApiOperation({ summary: 'Version, features, channels, providers and endpoints' })
  @ApiOkResponse({ type: VersionInfoDto, description: 'Version information' })
  version(): VersionInfo {
    return this.versions.info();
  }

  @Get('metrics')
  @Public()
  @SkipThrottle()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Prometheus metrics' })
  @ApiProduces('text/plain')
  @ApiOkResponse({
    description: 'The Prometheus text format',
    content: { 'text/plain': { schema: { type: 'string' } } },
  })
  async prometheus(@Res() res: Response): Promise<void> {
    res.type(this.metrics.contentType).send(await this.metrics.text());
  }
}
