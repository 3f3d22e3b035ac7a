import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { SendCommonDto } from '../messages/send-common.dto';

export class SendSmsDto extends SendCommonDto {
  @ApiProperty({ example: '+14155550100', description: 'E.164 phone number' })
  @IsString({ context: { code: 'invalid_phone' } })
  @Matches(/^\+[1-9]\d{6,14}$/, {
    message: 'to must be a phone number in E.164 form',
    context: { code: 'invalid_phone' },
  })
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
