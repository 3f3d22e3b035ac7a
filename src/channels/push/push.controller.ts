import { Body, Controller, Headers, Post, Res } from '@nestjs/common';
import { ApiBody, ApiOperation } from '@nestjs/swagger';
import { DescribedTag } from '../../common/http/openapi-registry';
import type { Response } from 'express';
import { presentSendAnswer } from '../../sending/send-answer';
import { sendOptions } from '../../sending/send-options';
import { SendRoute } from '../../sending/send-route.decorator';
import { PushService } from './push.service';
import { PUSH_EXAMPLES, SendPushDto } from './send-push.dto';
import type { SendOrigin } from '../../sending/send-origin';
import { SendingApp } from '../../sending/sending-app.decorator';

@DescribedTag('push', 'Push notifications to browsers (Web Push) and apps (FCM)')
@Controller('messages/push')
export class PushController {
  constructor(private readonly push: PushService) {}

  @Post()
  @SendRoute()
  @ApiOperation({
    summary: 'Send a push notification',
    description:
      'To a browser push subscription (Web Push with VAPID) or an FCM device token. A subscription that is gone (404/410 from the push service, UNREGISTERED from FCM) ends the message UNDELIVERABLE.',
  })
  @ApiBody({ type: SendPushDto, examples: PUSH_EXAMPLES })
  async send(
    @SendingApp() origin: SendOrigin,
    @Body() body: SendPushDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Headers('prefer') prefer: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const options = sendOptions(idempotencyKey, prefer);
    return presentSendAnswer(res, await this.push.send(origin, body, options), options.waitSeconds);
  }
}
