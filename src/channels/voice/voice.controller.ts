import { Body, Controller, Headers, Post, Res } from '@nestjs/common';
import { ApiBody, ApiOperation } from '@nestjs/swagger';
import { DescribedTag } from '../../common/http/openapi-registry';
import type { Response } from 'express';
import { presentSendAnswer } from '../../sending/send-answer';
import { sendOptions } from '../../sending/send-options';
import { SendRoute } from '../../sending/send-route.decorator';
import { VOICE_EXAMPLES, SendVoiceDto } from './send-voice.dto';
import { VoiceService } from './voice.service';
import type { SendOrigin } from '../../sending/send-origin';
import { SendingApp } from '../../sending/sending-app.decorator';

@DescribedTag('voice', 'Phone calls that speak text or follow TwiML instructions')
@Controller('messages/voice')
export class VoiceController {
  constructor(private readonly voice: VoiceService) {}

  @Post()
  @SendRoute()
  @ApiOperation({
    summary: 'Place a voice call',
    description:
      'Calls `to` and follows exactly one set of instructions: `twimlUrl` (Twilio fetches TwiML from it), inline `twiml`, or `say`, which is turned into TwiML. ' +
      'The call states (queued, ringing, in-progress, completed, busy, failed, no-answer, canceled) are kept as `providerStatus`. ' +
      'Validation codes: `message_empty` (no instructions), `conflicting_content` (more than one), `invalid_twiml`, `invalid_url`, `message_too_long`, `invalid_phone`.',
  })
  @ApiBody({ type: SendVoiceDto, examples: VOICE_EXAMPLES })
  async send(
    @SendingApp() origin: SendOrigin,
    @Body() body: SendVoiceDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Headers('prefer') prefer: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const options = sendOptions(idempotencyKey, prefer);
    return presentSendAnswer(
      res,
      await this.voice.send(origin, body, options),
      options.waitSeconds,
    );
  }
}
