import { ApiProperty } from '@nestjs/swagger';

/** The answers of the health, status and version routes, as the document describes them. */
export class LiveDto {
  @ApiProperty({ enum: ['ok'] }) status!: 'ok';
}

export class ReadyDto {
  @ApiProperty({ enum: ['ready'] }) status!: 'ready';
}

export class ComponentHealthDto {
  @ApiProperty({ enum: ['up', 'down'] }) status!: 'up' | 'down';
  @ApiProperty({ example: 'memory', description: 'What backs it: memory, mongodb, redis, …' })
  kind!: string;
}

export class HealthReportDto {
  @ApiProperty({ enum: ['ok', 'degraded', 'down'] }) status!: 'ok' | 'degraded' | 'down';
  @ApiProperty({ type: ComponentHealthDto }) database!: ComponentHealthDto;
  @ApiProperty({ type: ComponentHealthDto }) queue!: ComponentHealthDto;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: "Each channel's providers and their circuit breakers",
  })
  channels!: Record<string, unknown>;
}

export class VersionInfoDto {
  @ApiProperty({ example: 'switchboard' }) name!: string;
  @ApiProperty({ example: '1.0.0' }) version!: string;
  @ApiProperty({ enum: ['v1'] }) apiVersion!: 'v1';
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } })
  features!: Record<string, string>;

  @ApiProperty({ type: [String] }) channels!: string[];
  @ApiProperty({ type: [String] }) providers!: string[];
  @ApiProperty({ type: [String], description: 'Every route, as `METHOD /path`' })
  endpoints!: string[];
}
