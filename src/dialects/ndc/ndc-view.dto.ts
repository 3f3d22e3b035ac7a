import { IsDateTime } from '../../common/validation/date-time';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { CursorPageQuery } from '../../common/http/page.query';
import { NDC_STATUSES, type NdcStatus } from './ndc-mapping';

/** The channels a list is filtered by, as the comms API names them. */
export const NDC_LIST_CHANNELS = ['EMAIL', 'SMS'] as const;

export class NdcAcceptedDto {
  @ApiProperty({ example: 'msg_6553f1a0c9e77a12b3c4d5e6' }) messageId!: string;
  @ApiProperty({ enum: ['accepted'] }) status!: 'accepted';
}

class NdcDestinationViewDto {
  @ApiProperty({ type: [String] }) to!: string[];
  @ApiPropertyOptional({ type: [String] }) cc?: string[];
  @ApiPropertyOptional({ type: [String] }) bcc?: string[];
}

class NdcContentViewDto {
  @ApiProperty({ enum: ['raw', 'template'] }) type!: string;
  @ApiPropertyOptional() subject?: string;
  @ApiPropertyOptional({ description: 'In a list, the first 200 characters' }) body?: string;
  @ApiPropertyOptional() templateId?: string;
}

class NdcAttemptDto {
  @ApiProperty({ example: 'ses-primary' }) provider!: string;
  @ApiProperty({ enum: NDC_STATUSES }) status!: NdcStatus;
  @ApiPropertyOptional({ example: 'PROVIDER_OUTAGE' }) errorCategory?: string;
  @ApiProperty() durationMs!: number;
  @ApiProperty({ format: 'date-time' }) timestamp!: string;
}

export class NdcMessageDto {
  @ApiProperty({ example: 'msg_6553f1a0c9e77a12b3c4d5e6' }) messageId!: string;
  @ApiProperty({ example: 'EMAIL' }) channel!: string;
  @ApiProperty({ enum: NDC_STATUSES }) status!: NdcStatus;
  @ApiProperty({ type: NdcDestinationViewDto }) destination!: NdcDestinationViewDto;
  @ApiProperty({ type: NdcContentViewDto }) content!: NdcContentViewDto;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } })
  metadata!: Record<string, string>;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ type: [NdcAttemptDto], description: 'In the order they happened' })
  attempts!: NdcAttemptDto[];
}

export class NdcMessagePageDto {
  @ApiProperty({ type: [NdcMessageDto] }) items!: NdcMessageDto[];
  @ApiPropertyOptional({ description: 'Pass it back for the next page; absent on the last' })
  cursor?: string;
}

/** `GET /v1/messages`: filters combine with AND. */
export class NdcListQuery extends CursorPageQuery {
  @ApiPropertyOptional({ enum: NDC_LIST_CHANNELS })
  @IsOptional()
  @IsIn(NDC_LIST_CHANNELS)
  channel?: (typeof NDC_LIST_CHANNELS)[number];

  @ApiPropertyOptional({ enum: NDC_STATUSES })
  @IsOptional()
  @IsIn(NDC_STATUSES)
  status?: NdcStatus;

  @ApiPropertyOptional({ format: 'date-time', description: 'Created at or after' })
  @IsOptional()
  @IsDateTime({ context: { code: 'invalid_date' } })
  after?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Created at or before' })
  @IsOptional()
  @IsDateTime({ context: { code: 'invalid_date' } })
  before?: string;
}
