import { Body, Controller, Headers, HttpCode, HttpStatus, Post, Req } from '@nestjs/common';
import {
  ApiConsumes,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import { ErrorResponse, RateLimitedResponse } from '../../common/http/openapi-responses';
import type { Request } from 'express';
import { InboundWebhook } from '../../identity/auth.decorator';
import { ErrorDto } from '../../common/errors/error.dto';
import { ReadBody } from '../../common/http/body-reading';
import { formBodies } from '../../common/http/form-body';
import { type TwilioCallbackOutcome, TwilioWebhooksService } from './twilio-reports.service';

const OUTCOMES: readonly TwilioCallbackOutcome[] = ['applied', 'unchanged', 'unknown', 'ignored'];

export class TwilioCallbackAnswerDto {
  @ApiProperty({ enum: OUTCOMES, example: 'applied' })
  outcome!: TwilioCallbackOutcome;
}

const queryOf = (url: string): string => {
  const start = url.indexOf('?');
  return start === -1 ? '' : url.slice(start);
};

/**
 * Public, because Twilio sends no credentials of ours: the signature is what authenticates it.
 * Limited per IP with the webhook budget, larger than other public routes': Twilio posts from a
 * few addresses at the pace of its traffic and does not post a refused status callback again.
 */
@ApiTags('webhooks')
@Controller('webhooks/twilio')
@InboundWebhook()
@ReadBody(formBodies)
export class TwilioWebhooksController {
  constructor(private readonly webhooks: TwilioWebhooksService) {}

  @Post()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Status callbacks from Twilio',
    description:
      'Twilio posts message and call states here when PUBLIC_URL is set. The request must carry ' +
      'X-Twilio-Signature by a configured account; the state is recorded as an event and moves ' +
      'the status forward only. Unknown SIDs are answered 200 and change nothing.',
  })
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiOkResponse({ type: TwilioCallbackAnswerDto })
  @ApiForbiddenResponse({
    type: ErrorDto,
    description: 'Missing or wrong signature, an account that is not configured, or no PUBLIC_URL',
  })
  @ErrorResponse(413, 'PAYLOAD_TOO_LARGE: the form is larger than 64 kB')
  @RateLimitedResponse()
  async receive(
    @Headers('x-twilio-signature') signature: string | undefined,
    @Body() body: unknown,
    @Req() req: Request,
  ): Promise<TwilioCallbackAnswerDto> {
    const query = queryOf(req.originalUrl);
    return { outcome: await this.webhooks.receive({ signature, query, body }) };
  }
}
