import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import {
  ApiConsumes,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiServiceUnavailableResponse,
} from '@nestjs/swagger';
import { ErrorResponse, RateLimitedResponse } from '../../common/http/openapi-responses';
import { DescribedTag } from '../../common/http/openapi-registry';
import { InboundWebhook } from '../../identity/auth.decorator';
import { ErrorDto } from '../../common/errors/error.dto';
import { jsonBodies, ReadBody } from '../../common/http/body-reading';
import { snsBodies } from './sns/sns-body';
import { type SesNotificationOutcome, SesWebhooksService } from './ses-reports.service';

const OUTCOMES: readonly SesNotificationOutcome[] = [
  'applied',
  'unchanged',
  'unknown',
  'ignored',
  'confirmed',
];

export class SesNotificationAnswerDto {
  @ApiProperty({ enum: OUTCOMES, example: 'applied' })
  outcome!: SesNotificationOutcome;
}

/**
 * Public, because SNS sends no credentials of ours: its signature is what authenticates it.
 * Limited per IP with the webhook budget: SNS posts at the pace of SES's traffic from addresses
 * of its own. SNS sends its JSON as text/plain.
 */
@DescribedTag(
  'webhooks',
  'What providers report back: delivery, bounce and complaint notices, signature-checked',
)
@Controller('webhooks/ses')
@InboundWebhook()
@ReadBody(snsBodies, jsonBodies)
export class SesWebhooksController {
  constructor(private readonly webhooks: SesWebhooksService) {}

  @Post()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Bounce, complaint and delivery notifications from Amazon SES, through Amazon SNS',
    description:
      "Subscribe this URL (HTTPS) to the SNS topic of an SES identity's or configuration set's " +
      'notifications. Each SNS message must carry a valid SNS signature (versions 1 and 2; the ' +
      'certificate is fetched only from an SNS endpoint) and, with SES_SNS_TOPIC_ARNS, come from ' +
      'a listed topic, whose subscriptions are confirmed here. Notices over an hour old or ' +
      'already applied are ignored, as are addresses the message was not sent to. ' +
      'Events are recorded per recipient; a message becomes DELIVERED when every recipient was ' +
      'delivered and UNDELIVERABLE when every one bounced for good or complained. A hard bounce ' +
      "or a complaint puts the address on the app's suppression list.",
  })
  @ApiConsumes('text/plain', 'application/json')
  @ApiOkResponse({ type: SesNotificationAnswerDto })
  @ApiForbiddenResponse({
    type: ErrorDto,
    description:
      'Not signed by SNS, a certificate URL off SNS, or a topic not in SES_SNS_TOPIC_ARNS',
  })
  @ErrorResponse(413, 'PAYLOAD_TOO_LARGE: the body is larger than 1 MB (text/plain) or BODY_LIMIT')
  @RateLimitedResponse()
  @ApiServiceUnavailableResponse({
    type: ErrorDto,
    description: 'Not applied yet (certificate unreachable, message still being sent): SNS retries',
  })
  async receive(@Body() body: unknown): Promise<SesNotificationAnswerDto> {
    return { outcome: await this.webhooks.receive(body) };
  }
}
