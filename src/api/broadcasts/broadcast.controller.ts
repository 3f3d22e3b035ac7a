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
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { Auth } from '../../identity/auth.decorator';
import { CurrentPrincipal } from '../../identity/current-principal.decorator';
import type { Principal } from '../../identity/principal';
import { ErrorDto } from '../../common/errors/error.dto';
import { REPLAYED_HEADER } from '../../sending/send-answer';
import { sendOptions } from '../../sending/send-options';
import { BroadcastAnswerDto, BroadcastDto } from './broadcast.dto';
import { BroadcastService } from './broadcast.service';
import { SendBroadcastDto } from './send-broadcast.dto';

/** Keys with the broadcast scope (their own app) and sender or admin tokens (see SendingApps). */
const BROADCASTERS = { apiKey: 'broadcast', jwt: 'sender' } as const;
/** Reading a broadcast across apps is for admins. */
const BROADCAST_READERS = { apiKey: 'broadcast', jwt: 'admin' } as const;

@ApiTags('broadcasts')
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
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Same key and body within 24 h: the first answer, nothing new',
  })
  @ApiHeader({
    name: 'Prefer',
    required: false,
    description: "wait=N (N ≤ 30): hold the answer until every channel's first outcome",
  })
  @ApiOkResponse({ type: BroadcastAnswerDto })
  @ApiBadRequestResponse({ type: ErrorDto, description: 'A chosen channel has no address, ...' })
  @ApiConflictResponse({ type: ErrorDto, description: 'Idempotency-Key reused with another body' })
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
  @ApiOkResponse({ type: BroadcastDto })
  @ApiNotFoundResponse({ type: ErrorDto })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('broadcastId') id: string,
  ): Promise<BroadcastDto> {
    const { broadcast, messages } = await this.broadcasts.get(principal, id);
    return BroadcastDto.ofCurrent(broadcast, messages);
  }
}
