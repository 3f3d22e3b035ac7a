import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class FieldProblemDto {
  @ApiProperty({ example: 'to' }) field!: string;
  @ApiProperty({ example: 'invalid_phone' }) code!: string;
  @ApiProperty({ example: 'to must be a phone number in E.164 form' }) message!: string;
}

/** The shape of every error answer, for the OpenAPI document. */
export class ErrorDto {
  @ApiProperty({ example: 'VALIDATION_ERROR' }) code!: string;
  @ApiProperty({ example: 'The request is not valid.' }) message!: string;
  @ApiPropertyOptional({ type: [FieldProblemDto] }) details?: FieldProblemDto[];
  @ApiPropertyOptional({ description: 'Seconds to wait, on 429 only', example: 12 })
  retryAfter?: number;
}
