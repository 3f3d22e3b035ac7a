import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { HasText, MaxUtf16Length } from '../../common/validation/text';
import { SendCommonDto } from '../../sending/send-common.dto';

export const WEBHOOK_URL_MAX_LENGTH = 2048;
export const WEBHOOK_SUBJECT_MAX_LENGTH = 1000;
/** Longest body, in UTF-16 code units; receivers commonly cap request bodies near 1 MB. */
export const WEBHOOK_BODY_MAX_LENGTH = 100_000;

export class SendWebhookDto extends SendCommonDto {
  @ApiProperty({
    example: 'https://example.com/hooks/switchboard',
    maxLength: WEBHOOK_URL_MAX_LENGTH,
    description:
      'Where the message is POSTed: an absolute http(s) URL without credentials, on a public address unless OUTBOUND_ALLOW_PRIVATE is set. Checked again when sent, after resolving its host (`invalid_url`).',
  })
  @IsString({ context: { code: 'invalid_url' } })
  @MaxLength(WEBHOOK_URL_MAX_LENGTH, { context: { code: 'invalid_url' } })
  webhookUrl!: string;

  @ApiPropertyOptional({ example: 'Order shipped', maxLength: WEBHOOK_SUBJECT_MAX_LENGTH })
  @IsOptional()
  @IsString()
  @MaxUtf16Length(WEBHOOK_SUBJECT_MAX_LENGTH)
  subject?: string;

  @ApiProperty({
    example: 'Order 2891 left the warehouse.',
    maxLength: WEBHOOK_BODY_MAX_LENGTH,
    description:
      'The text, sent as given. Must contain a visible character (`message_empty`) and be at most 100,000 UTF-16 code units (`message_too_long`).',
  })
  @HasText()
  @MaxUtf16Length(WEBHOOK_BODY_MAX_LENGTH)
  body!: string;
}
