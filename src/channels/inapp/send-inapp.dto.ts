import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { HasText, MaxUtf16Length, VISIBLE_CHARACTER } from '../../common/validation/text';
import { SchemaRules } from '../../common/http/openapi-registry';
import { SendCommonDto } from '../../sending/send-common.dto';
import { IsUserId, USER_ID_PATTERN } from './user-id';

export const INAPP_SUBJECT_MAX_LENGTH = 256;
export const INAPP_BODY_MAX_LENGTH = 10_000;

/** Whole-body examples, as Swagger UI offers them. */
export const INAPP_EXAMPLES = {
  notification: {
    summary: "A notification in a user's inbox",
    value: {
      userId: 'user-8271',
      subject: 'Order shipped',
      body: 'Order 2891 left the warehouse.',
    },
  },
};

@SchemaRules({ additionalProperties: false })
export class SendInappDto extends SendCommonDto {
  @ApiProperty({
    example: 'user-8271',
    pattern: USER_ID_PATTERN.source,
    description:
      "The app's own id of the user whose inbox receives the notification (`invalid_user_id`).",
  })
  @IsUserId()
  userId!: string;

  @ApiPropertyOptional({ example: 'Your order shipped', maxLength: INAPP_SUBJECT_MAX_LENGTH })
  @IsOptional()
  @IsString({ context: { code: 'invalid_subject' } })
  @MaxLength(INAPP_SUBJECT_MAX_LENGTH, { context: { code: 'message_too_long' } })
  subject?: string;

  @ApiProperty({
    example: 'Order 2891 left our warehouse today.',
    pattern: VISIBLE_CHARACTER,
    maxLength: INAPP_BODY_MAX_LENGTH,
    description:
      'The text shown in the inbox: at least one visible character (`message_empty`), at most 10000 characters (`message_too_long`).',
  })
  @HasText()
  @MaxUtf16Length(INAPP_BODY_MAX_LENGTH)
  body!: string;
}
