import { Controller, Get } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
} from '@nestjs/swagger';
import { DescribedTag } from '../../common/http/openapi-registry';
import { SkipThrottle } from '@nestjs/throttler';
import { Public } from '../../identity/auth.decorator';
import { ErrorDto } from '../../common/errors/error.dto';
import { HealthService, type HealthReport } from './health.service';
import {
  ChannelHealthDto,
  HEALTH_REPORT_EXAMPLE,
  HealthReportDto,
  LiveDto,
  ReadyDto,
} from './health.dto';

@DescribedTag(
  'operations',
  'Health, readiness, configuration, version and metrics, for operators and orchestrators',
)
@Controller('health')
@Public()
@SkipThrottle()
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get()
  @ApiOperation({ summary: 'Database, queue and channel health, with recent provider failures' })
  @ApiExtraModels(ChannelHealthDto)
  @ApiOkResponse({
    type: HealthReportDto,
    description: 'ok, or degraded when the queue or a channel is down',
    example: HEALTH_REPORT_EXAMPLE,
  })
  @ApiServiceUnavailableResponse({
    type: ErrorDto,
    description: 'The database does not answer; details[0] is the report',
  })
  report(): Promise<HealthReport> {
    return this.health.report();
  }

  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process answers' })
  @ApiOkResponse({ type: LiveDto, description: 'The process answers' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness: the database answers' })
  @ApiOkResponse({ type: ReadyDto, description: 'The database answers: send traffic' })
  @ApiServiceUnavailableResponse({
    type: ErrorDto,
    description: 'SERVICE_UNAVAILABLE: the database does not answer',
  })
  ready(): Promise<{ status: 'ready' }> {
    return this.health.ready();
  }
}
