import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** What its answers share: `{status: "success", data}`. */
class DgapiTaskDto {
  @ApiProperty({ example: 'msg_6553f1a0c9e77a12b3c4d5e6', description: "The message's id" })
  task_id!: string;
  @ApiPropertyOptional({ example: 'campaign_12345' }) entity?: string;
  @ApiProperty({ enum: ['sms', 'email'] }) type!: string;
  @ApiProperty({ enum: ['queued', 'processing', 'completed', 'failed', 'canceled'] })
  state!: string;
  @ApiProperty({ format: 'date-time' }) created_at!: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' } })
  metadata?: Record<string, string>;
}

class DgapiLogLineDto {
  @ApiProperty({ format: 'date-time' }) timestamp!: string;
  @ApiProperty({ example: 'delivered' }) status!: string;
  @ApiProperty({ example: 'Delivery confirmed' }) message!: string;
}

class DgapiEmailEventDto {
  @ApiProperty({ format: 'date-time' }) timestamp!: string;
  @ApiProperty({ example: 'delivered' }) event!: string;
  @ApiProperty({ type: 'string', nullable: true, example: 'customer@example.com' })
  recipient!: string | null;
  @ApiProperty({ example: 'Email delivered' }) message!: string;
}

export class DgapiSmsTaskDto extends DgapiTaskDto {
  @ApiProperty({ example: '+15551234567' }) to!: string;
  @ApiPropertyOptional({ example: '+15559876543' }) from?: string;
  @ApiPropertyOptional({ description: 'When created: UTF-16 code units' }) message_length?: number;
  @ApiPropertyOptional({ description: 'When read' }) message?: string;
  @ApiProperty() segments!: number;
  @ApiPropertyOptional({
    enum: ['queued', 'sending', 'sent', 'delivered', 'failed', 'undelivered'],
    description: 'When read',
  })
  delivery_status?: string;
  @ApiPropertyOptional({ format: 'date-time' }) sent_at?: string;
  @ApiPropertyOptional({ format: 'date-time' }) delivered_at?: string;
  @ApiPropertyOptional({ type: [DgapiLogLineDto], description: 'With include=delivery_log' })
  delivery_log?: DgapiLogLineDto[];
}

class DgapiEmailContentDto {
  @ApiPropertyOptional() html?: string;
  @ApiPropertyOptional() text?: string;
}

export class DgapiEmailTaskDto extends DgapiTaskDto {
  @ApiProperty({ type: [String] }) to!: string[];
  @ApiPropertyOptional({ type: [String] }) cc?: string[];
  @ApiPropertyOptional() from?: string;
  @ApiProperty({ description: 'As rendered' }) subject!: string;
  @ApiPropertyOptional({
    description: 'When created: as named; when read: the stored template id',
  })
  template?: string;
  @ApiPropertyOptional({ description: 'When created' }) attachments_count?: number;
  @ApiPropertyOptional({
    enum: ['queued', 'sending', 'sent', 'delivered', 'bounced', 'failed'],
    description: 'When read',
  })
  delivery_status?: string;
  @ApiPropertyOptional({ format: 'date-time' }) sent_at?: string;
  @ApiPropertyOptional({ format: 'date-time' }) delivered_at?: string;
  @ApiPropertyOptional({ type: [DgapiEmailEventDto], description: 'With include=events' })
  events?: DgapiEmailEventDto[];
  @ApiPropertyOptional() opens?: number;
  @ApiPropertyOptional() clicks?: number;
  @ApiPropertyOptional({ type: DgapiEmailContentDto, description: 'With include=content' })
  content?: DgapiEmailContentDto;
}

export class DgapiSmsAnswerDto {
  @ApiProperty({ enum: ['success'] }) status!: 'success';
  @ApiProperty({ type: DgapiSmsTaskDto }) data!: DgapiSmsTaskDto;
}

export class DgapiEmailAnswerDto {
  @ApiProperty({ enum: ['success'] }) status!: 'success';
  @ApiProperty({ type: DgapiEmailTaskDto }) data!: DgapiEmailTaskDto;
}

class DgapiErrorBodyDto {
  @ApiProperty({ example: 'invalid_phone' }) code!: string;
  @ApiProperty() message!: string;
  @ApiPropertyOptional({ type: 'array', items: { type: 'object' } }) details?: object[];
}

/** Its error answers. */
export class DgapiErrorDto {
  @ApiProperty({ enum: ['error'] }) status!: 'error';
  @ApiProperty({ type: DgapiErrorBodyDto }) error!: DgapiErrorBodyDto;
}
