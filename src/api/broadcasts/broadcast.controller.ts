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
import { sendOptions } from '../../sending/send-options';
import { PREFERENCE_APPLIED, SendHeaders } from '../../sending/send-route.decorator';
import { BroadcastAnswerDto, BroadcastDto } from './broadcast.dto';
import { BroadcastService } from './broadcast.service';
import { BROADCAST_EXAMPLES, SendBroadcastDto } from './send-broadcast.dto';

/** Keys with the broadcast scope (their own app) and admin tokens (the app they name). */
const BROADCASTERS = { apiKey: 'broadcast', jwt: 'admin' } as const;

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
      'Email gets the subject and the body (as HTML with `isHtml`), SMS and WhatsApp the body, voice calls speak it, webhook, in-app and push get both. ' +
      "`Idempotency-Key` covers the whole broadcast; `Prefer: wait=N` waits for every channel's first outcome.",
  })
  @SendHeaders()
  @ApiBody({ type: SendBroadcastDto, examples: BROADCAST_EXAMPLES })
  @ApiOkResponse({
    type: BroadcastAnswerDto,
    description:
      "One result per channel, also when some failed; with `Prefer: wait`, after every channel's first outcome",
    headers: PREFERENCE_APPLIED,
  })
  @BodyErrorResponses(
    'a chosen channel has no address, a channel is chosen twice, or an admin token names no appId',
  )
  @ErrorResponse(404, 'NOT_FOUND: the app an admin token names does not exist')
  async send(
    @CurrentPrincipal() principal: Principal,
    @Body() body: SendBroadcastDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Headers('prefer') prefer: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<BroadcastAnswerDto> {
    const options = sendOptions(idempotencyKey, prefer);
    if (options.waitSeconds !== undefined) {
      res.setHeader('Preference-Applied', `wait=${options.waitSeconds}`);
    }
    return BroadcastAnswerDto.of(await this.broadcasts.send(principal, body, options));
  }

  @Get(':broadcastId')
  @Auth(BROADCASTERS)
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
