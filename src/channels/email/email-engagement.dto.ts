import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsOptional, Matches, ValidateNested } from 'class-validator';
import { TOPIC } from '../../suppressions/suppression.model';

export class EmailTrackingDto {
  @ApiPropertyOptional({ description: 'Count opens with a 1×1 pixel', example: true })
  @IsOptional()
  @IsBoolean()
  opens?: boolean;

  @ApiPropertyOptional({
    description: 'Count clicks: web links of the HTML and text parts lead through the service',
    example: true,
  })
  @IsOptional()
  @IsBoolean()
  clicks?: boolean;
}

/** `tracking` of an email send. */
export const TrackingProperty = (): PropertyDecorator =>
  applyDecorators(
    ApiPropertyOptional({
      type: EmailTrackingDto,
      description:
        "Opens and clicks tracked through the service's signed links; a flag left out takes the app's default (off unless set). Needs PUBLIC_URL in production: `not_configured`.",
    }),
    IsOptional(),
    ValidateNested(),
    Type(() => EmailTrackingDto),
  );

/** `unsubscribe` of an email send. */
export const UnsubscribeProperty = (): PropertyDecorator =>
  applyDecorators(
    ApiPropertyOptional({
      description:
        "One-click unsubscribe (RFC 8058): List-Unsubscribe and List-Unsubscribe-Post name a link of the service that puts the recipient on the app's suppression list, for `topic`. Absent: on when the app's defaults list the topic. Not with your own List-Unsubscribe header (`conflicting_content`).",
    }),
    IsOptional(),
    IsBoolean(),
  );

/** `topic` of an email send. */
export const TopicProperty = (): PropertyDecorator =>
  applyDecorators(
    ApiPropertyOptional({
      example: 'newsletter',
      pattern: TOPIC.source,
      description:
        'What the email is about: an unsubscribe covers this topic only, and recipients who unsubscribed from it are not sent to (`invalid_topic`)',
    }),
    IsOptional(),
    Matches(TOPIC, {
      message: 'topic must be 1 to 64 letters, digits, _ or -',
      context: { code: 'invalid_topic' },
    }),
  );
