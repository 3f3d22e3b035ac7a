import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsPhoneNumber } from '../common/validation/phone-number';
import { SendCommonDto } from '../messages/send-common.dto';

export class SendSmsDto extends SendCommonDto {
  @ApiProperty({ example: '+14155550100', description: 'E.164 phone number' })
  @IsPhoneNumber()
  to!: string;

  @ApiProperty({ example: 'Your code is 123456', minLength: 1, maxLength: 1600 })
  @IsString({ context: { code: 'message_empty' } })
  @MaxLength(1600, { context: { code: 'message_too_long' } })
  @IsNotEmpty({ context: { code: 'message_empty' } })
  body!: string;

  @ApiPropertyOptional({
    example: '+14155550199',
    description: 'Sender number or Messaging Service SID',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  from?: string;
}
