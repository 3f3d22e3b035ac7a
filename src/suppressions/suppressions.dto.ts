import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { plainCursors } from '../common/http/cursor';
import { CursorPageQuery } from '../common/http/page.query';
import {
  SUPPRESSION_REASONS,
  TOPIC,
  type Suppression,
  type SuppressionPage,
  type SuppressionReason,
} from './suppression.model';

export class AppIdQuery {
  @ApiProperty({ description: 'The app whose list it is', example: 'app_6553f1a0c9e77a12b3c4d5e6' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  appId!: string;
}

export class ListSuppressionsQuery extends IntersectionType(AppIdQuery, CursorPageQuery) {}

/** A topic an entry is about (`invalid_topic`). */
const TopicProperty = (description: string): PropertyDecorator =>
  applyDecorators(
    ApiPropertyOptional({ example: 'newsletter', pattern: TOPIC.source, description }),
    IsOptional(),
    Matches(TOPIC, {
      message: 'topic must be 1 to 64 letters, digits, _ or -',
      context: { code: 'invalid_topic' },
    }),
  );

export class RemoveSuppressionQuery extends AppIdQuery {
  @TopicProperty('The entry about this topic; absent: the one about every topic')
  topic?: string;
}

/** Whole-body examples, as Swagger UI offers them (name one of your apps). */
export const CREATE_SUPPRESSION_EXAMPLES = {
  address: {
    summary: 'Stop emails to an address (name one of your apps)',
    value: {
      appId: 'app_6553f1a0c9e77a12b3c4d5e6',
      address: 'alex@example.com',
      detail: 'asked not to be mailed',
    },
  },
};

export class CreateSuppressionDto extends AppIdQuery {
  @ApiProperty({ example: 'alex@example.com' })
  @IsEmail({}, { context: { code: 'invalid_email' } })
  @MaxLength(320)
  address!: string;

  @ApiPropertyOptional({ example: 'asked not to be mailed', maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  detail?: string;

  @TopicProperty('Refuse only emails naming this topic; absent: every email')
  topic?: string;
}

export class SuppressionDto {
  @ApiProperty({ example: 'app_6553f1a0c9e77a12b3c4d5e6' }) appId!: string;
  @ApiProperty({ example: 'alex@example.com', description: 'Lower-cased' }) address!: string;
  @ApiPropertyOptional({
    example: 'newsletter',
    description: 'Only emails naming this topic are refused; absent: every email',
  })
  topic?: string;
  @ApiProperty({ enum: SUPPRESSION_REASONS }) reason!: SuppressionReason;
  @ApiProperty({
    example: 'Permanent/General',
    description:
      "The provider's bounce type or complaint feedback, what was unsubscribed from, or the admin's note",
  })
  detail!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The message whose bounce, complaint or unsubscribe link added the address',
  })
  messageId!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;

  static of(suppression: Suppression): SuppressionDto {
    return {
      appId: suppression.appId,
      address: suppression.address,
      ...(suppression.topic === undefined ? {} : { topic: suppression.topic }),
      reason: suppression.reason,
      detail: suppression.detail,
      messageId: suppression.messageId ?? null,
      createdAt: suppression.createdAt.toISOString(),
    };
  }
}

export class SuppressionListDto {
  @ApiProperty({ type: [SuppressionDto] }) data!: SuppressionDto[];
  @ApiPropertyOptional({ description: 'Absent on the last page' }) nextCursor?: string;

  static of(page: SuppressionPage): SuppressionListDto {
    const data = page.items.map((suppression) => SuppressionDto.of(suppression));
    return page.next === undefined
      ? { data }
      : { data, nextCursor: plainCursors.encode(page.next) };
  }
}
