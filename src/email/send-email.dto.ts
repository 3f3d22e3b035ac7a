import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsEmail,
  IsOptional,
  IsString,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { SendCommonDto } from '../messages/send-common.dto';

const toList = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? [value] : value;

export class SendEmailDto extends SendCommonDto {
  @ApiProperty({
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    example: 'alex@example.com',
  })
  @Transform(toList)
  @ArrayMinSize(1, { context: { code: 'missing_recipients' } })
  @ArrayMaxSize(50)
  @IsEmail({}, { each: true, context: { code: 'invalid_email' } })
  to!: string[];

  @ApiPropertyOptional({ example: 'billing@example.com' })
  @IsOptional()
  @IsEmail({}, { context: { code: 'invalid_email' } })
  from?: string;

  @ApiProperty({ example: 'Receipt #2891' })
  @IsString({ context: { code: 'missing_subject' } })
  @MaxLength(998)
  subject!: string;

  @ApiPropertyOptional({ example: 'Thanks for your payment.' })
  @ValidateIf((dto: SendEmailDto) => dto.html === undefined)
  @IsString({ message: 'text or html is required', context: { code: 'message_empty' } })
  text?: string;

  @ApiPropertyOptional({ example: '<p>Thanks for your payment.</p>' })
  @IsOptional()
  @IsString()
  html?: string;
}
