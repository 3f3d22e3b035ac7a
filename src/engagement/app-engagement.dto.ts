import { IsDateTime } from '../common/validation/date-time';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import type { EngagementSummary } from './engagement-summary';

export class EngagementSummaryQuery {
  @ApiPropertyOptional({
    format: 'date-time',
    description: 'Messages created at or after; default: 30 days before `to`',
  })
  @IsOptional()
  @IsDateTime({ context: { code: 'invalid_date' } })
  from?: string;

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'Messages created before; default: now. At most 92 days after `from`.',
  })
  @IsOptional()
  @IsDateTime({ context: { code: 'invalid_date' } })
  to?: string;
}

export class EngagementTallyDto {
  @ApiProperty({ description: 'Messages handed to a provider' }) sends!: number;
  @ApiProperty({ description: 'Messages delivered to every recipient' }) deliveries!: number;
  @ApiProperty({ description: 'Opens by people (not by privacy proxies or scanners)' })
  opens!: number;
  @ApiProperty({ description: 'Clicks by people' }) clicks!: number;
  @ApiProperty() unsubscribes!: number;
  @ApiProperty({ description: 'Recipients that bounced' }) bounces!: number;
  @ApiProperty({ description: 'Recipients that complained' }) complaints!: number;
}

export class DayEngagementDto extends EngagementTallyDto {
  @ApiProperty({ example: '2025-03-14', description: 'UTC day the messages were created' })
  day!: string;
}

export class TemplateEngagementDto extends EngagementTallyDto {
  @ApiProperty({ type: String, nullable: true, description: 'null: messages without a template' })
  templateId!: string | null;
}

export class EngagementSummaryDto {
  @ApiProperty({ example: 'app_6553f1a0c9e77a12b3c4d5e6' }) appId!: string;
  @ApiProperty({ format: 'date-time' }) from!: string;
  @ApiProperty({ format: 'date-time' }) to!: string;
  @ApiProperty({ type: EngagementTallyDto }) totals!: EngagementTallyDto;
  @ApiProperty({ type: [DayEngagementDto], description: 'Oldest first' })
  days!: DayEngagementDto[];
  @ApiProperty({ type: [TemplateEngagementDto], description: 'Most sent first' })
  templates!: TemplateEngagementDto[];
  @ApiProperty({
    description: 'True when the range holds more emails than one summary reads: narrow it',
  })
  truncated!: boolean;

  static of(
    appId: string,
    range: { readonly from: Date; readonly to: Date },
    summary: EngagementSummary,
    truncated: boolean,
  ): EngagementSummaryDto {
    return {
      appId,
      from: range.from.toISOString(),
      to: range.to.toISOString(),
      totals: { ...summary.totals },
      days: summary.days.map((day) => ({ ...day })),
      templates: summary.templates.map((template) => ({ ...template })),
      truncated,
    };
  }
}
