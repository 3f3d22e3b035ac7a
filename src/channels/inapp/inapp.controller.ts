import { Body, Controller, Headers, Post, Res } from '@nestjs/common';
import { ApiBody, ApiOperation } from '@nestjs/swagger';
import { DescribedTag } from '../../common/http/openapi-registry';
import type { Response } from 'express';
import { presentSendAnswer } from '../../sending/send-answer';
import { sendOptions } from '../../sending/send-options';
import { SendRoute } from '../../sending/send-route.decorator';
import { InappService } from './inapp.service';
import { INAPP_EXAMPLES, SendInappDto } from './send-inapp.dto';
import type { SendOrigin } from '../../sending/send-origin';
import { SendingApp } from '../../sending/sending-app.decorator';

@DescribedTag(
  'inbox',
  "In-app notifications: each user's inbox, read by the app's back end or as a live stream",
)
@Controller('messages/inapp')
export class InappController {
  constructor(private readonly inapp: InappService) {}

  @Post()
  @SendRoute()
  @ApiOperation({ summary: "Send an in-app notification to a user's inbox" })
  @ApiBody({ type: SendInappDto, examples: INAPP_EXAMPLES })
  async send(
    @SendingApp() origin: SendOrigin,
    @Body() body: SendInappDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Headers('prefer') prefer: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const options = sendOptions(idempotencyKey, prefer);
    return presentSendAnswer(
      res,
      await this.inapp.send(origin, body, options),
      options.waitSeconds,
    );
  }
}
