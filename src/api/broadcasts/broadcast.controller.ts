import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Res,
} from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import type { Response } from 'express';
import { Auth } from '../../identity/auth.decorator';
import { CurrentPrincipal } from '../../identity/current-principal.decorator';
import type { Principal } from '../../identity/principal';
import { DescribedTag } from '../../common/http/openapi-registry';
import { BodyErrorResponses, ErrorResponse } from '../../common/http/openapi-responses';
import { REPLAYED_HEADER } from '../../sending/send-answer';
import { sendOptions } from '../../sending/send-options';
import {
  IDEMPOTENT_REPLAYED,
  PREFERENCE_APPLIED,
  SendHeaders,
} from '../../sending/send-route.decorator';
import { BroadcastAnswerDto, BroadcastDto } from './broadcast.dto';
import { BroadcastService } from './broadcast.service';
import { BROADCAST_EXAMPLES, SendBroadcastDto } from './send-broadcast.dto';

/** Keys with the broadcast scope (their own app) and sender or admin tokens (see SendingApps). */
const BROADCASTERS = { apiKey: 'broadcast', jwt: 'sender' } as const;
/** Reading a broadcast across apps is for admins. */
const BROADCAST_READERS = { apiKey: 'broadcast', jwt: 'admin' } as const;

@DescribedTag(
  'broadcasts',
  'One subject and body through several channels at once, each to the address given for it',
)
@Controller('broadcasts')
export class BroadcastController {
  constructor(private readonly broadcasts: BroadcastService) {}

  @Post()
  @HttpCode(HttpStatus.OK)
  @Auth(BROADCASTERS)
  @ApiOperation({
    summary: 'Send one subject and body through several channels at once',
    description:
      "Each chosen channel is sent its part through its own send route's rules, all at once; the answer is 200 with one result per channel, also when some failed (a channel without a provider reports `CHANNEL_NOT_CONFIGURED`, an address it refuses `VALIDATION_ERROR`). " +
      'Email gets the subject and the body (as HTML with `isHtml`); every other channel gets the body as text (an HTML body converted): SMS and WhatsApp the text, voice calls speak it, webhook, in-app and push get the subject and the text. ' +
      'Each message carries the `broadcastId`; `GET /messages?broadcastId=` lists them. ' +
      'Tokens (roles `sender`, `admin`) name the app with `appId`, or send for the default app (`DEFAULT_APP_ID`). ' +
      "`Idempotency-Key` covers the whole broadcast (a replay is answered the first answer with `Idempotent-Replayed: true`); `Prefer: wait=N` waits for every channel's first outcome.",
  })
  @SendHeaders()
  @ApiBody({ type: SendBroadcastDto, examples: BROADCAST_EXAMPLES })
  @ApiOkResponse({
    type: BroadcastAnswerDto,
    description:
      "One result per channel, also when some failed; with `Prefer: wait`, after every channel's first outcome",
    headers: { ...PREFERENCE_APPLIED, ...IDEMPOTENT_REPLAYED },
  })
  @BodyErrorResponses(
    'a chosen channel has no address, a channel is chosen twice, or a token names no appId and there is no default app',
  )
  @ErrorResponse(404, 'NOT_FOUND: the app a token names does not exist')
  async send(
    @CurrentPrincipal() principal: Principal,
    @Body() body: SendBroadcastDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Headers('prefer') prefer: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<BroadcastAnswerDto> {
    const options = sendOptions(idempotencyKey, prefer);
    const { broadcast, replayed } = await this.broadcasts.send(principal, body, options);
    if (replayed) res.setHeader(REPLAYED_HEADER, 'true');
    else if (options.waitSeconds !== undefined) {
      res.setHeader('Preference-Applied', `wait=${options.waitSeconds}`);
    }
    return BroadcastAnswerDto.of(broadcast);
  }

  @Get(':broadcastId')
  @Auth(BROADCAST_READERS)
  @ApiOperation({ summary: 'A broadcast with the current status of each of its messages' })
  @ApiOkResponse({ type: BroadcastDto, description: 'The broadcast and its messages' })
  @ErrorResponse(404, "NOT_FOUND: no such broadcast among the caller's")
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('broadcastId') id: string,
  ): Promise<BroadcastDto> {
    const { broadcast, messages } = await this.broadcasts.get(principal, id);
    return BroadcastDto.ofCurrent(broadcast, messages);
  }
}
