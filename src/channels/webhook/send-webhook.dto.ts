import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { HasText, MaxUtf16Length, VISIBLE_CHARACTER } from '../../common/validation/text';
import { SchemaRules } from '../../common/http/openapi-registry';
import { SendCommonDto } from '../../sending/send-common.dto';

export const WEBHOOK_URL_MAX_LENGTH = 2048;
export const WEBHOOK_SUBJECT_MAX_LENGTH = 1000;
/** Longest body, in UTF-16 code units; receivers commonly cap request bodies near 1 MB. */
export const WEBHOOK_BODY_MAX_LENGTH = 100_000;

/** Whole-body examples, as Swagger UI offers them. */
export const WEBHOOK_EXAMPLES = {
  message: {
    summary: 'A message POSTed to your endpoint',
    value: {
      webhookUrl: 'https://example.com/hooks/orders',
      subject: 'Order shipped',
      body: 'Order 2891 left the warehouse.',
      metadata: { order: '2891' },
    },
  },
};

@SchemaRules({ additionalProperties: false })
export class SendWebhookDto extends SendCommonDto {
  @ApiProperty({
    example: 'https://example.com/hooks/switchboard',
    format: 'uri',
    pattern: '^[Hh][Tt][Tt][Pp][Ss]?://',
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
    pattern: VISIBLE_CHARACTER,
    maxLength: WEBHOOK_BODY_MAX_LENGTH,
    description:
      'The text, sent as given. Must contain a visible character (`message_empty`) and be at most 100,000 UTF-16 code units (`message_too_long`).',
  })
  @HasText()
  @MaxUtf16Length(WEBHOOK_BODY_MAX_LENGTH)
  body!: string;
}
