import { Controller, Get } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { Public } from '../../identity/auth.decorator';
import { ErrorDto } from '../../common/errors/error.dto';
import { HealthService, type HealthReport } from './health.service';

@ApiTags('operations')
@Controller('health')
@Public()
@SkipThrottle()
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get()
  @ApiOperation({ summary: 'Database, queue and channel health' })
  @ApiOkResponse({ description: 'ok or degraded' })
  @ApiServiceUnavailableResponse({
    type: ErrorDto,
    description: 'The database does not answer; details[0] is the report',
  })
  report(): Promise<HealthReport> {
    return this.health.report();
  }

  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process answers' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness: the database answers' })
  @ApiServiceUnavailableResponse({ type: ErrorDto })
  ready(): Promise<{ status: 'ready' }> {
    return this.health.ready();
  }
}
