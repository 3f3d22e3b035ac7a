import { Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
} from '@nestjs/swagger';
import { DescribedTag } from '../../common/http/openapi-registry';
import { Auth } from '../../identity/auth.decorator';
import { CurrentPrincipal } from '../../identity/current-principal.decorator';
import type { Principal } from '../../identity/principal';
import { ErrorDto } from '../../common/errors/error.dto';
import { totalOf } from '../../common/http/page.query';
import { ListMessagesQuery } from './list-messages.query';
import { MessageLogService } from './message-log.service';
import { MessageDto, MessageListDto } from '../../message-log/message.dto';
import { CallbacksReplayedDto, MessageWithCallbacksDto } from './callback.dto';

@DescribedTag(
  'messages',
  'The message log: each message with its status, attempts and events; cancelling scheduled ones',
)
@Controller('messages')
export class LogsController {
  constructor(private readonly logs: MessageLogService) {}

  @Get()
  @Auth({ apiKey: 'messages:read', jwt: 'viewer' })
  @ApiOperation({
    summary:
      'List messages, newest first, as summaries (include=content adds content); filters combine with AND',
  })
  @ApiOkResponse({ type: MessageListDto })
  @ApiBadRequestResponse({ type: ErrorDto })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListMessagesQuery,
  ): Promise<MessageListDto> {
    const { page, nextCursor } = await this.logs.list(principal, query);
    return {
      data: page.items.map((message) => MessageDto.of(message, query.include === 'content')),
      ...(nextCursor ? { nextCursor } : {}),
      ...totalOf(page),
    };
  }

  @Get(':messageId')
  @Auth({ apiKey: 'messages:read', jwt: 'viewer' })
  @ApiOperation({ summary: 'One message with its attempts, events and status callbacks' })
  @ApiOkResponse({ type: MessageWithCallbacksDto })
  @ApiNotFoundResponse({ type: ErrorDto })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('messageId') id: string,
  ): Promise<MessageWithCallbacksDto> {
    const { message, callbacks } = await this.logs.get(principal, id);
    return MessageWithCallbacksDto.ofView(message, callbacks);
  }

  @Post(':messageId/callbacks/replay')
  @HttpCode(HttpStatus.ACCEPTED)
  @Auth({ apiKey: 'messages:send', jwt: 'admin' })
  @ApiOperation({
    summary: "Send the message's status callbacks again",
    description:
      'Each callback made of the message is recorded again under the event id it was first sent with, and delivered (in order, on the retry schedule) to the URL it was made for.',
  })
  @ApiAcceptedResponse({ type: CallbacksReplayedDto })
  @ApiNotFoundResponse({ type: ErrorDto })
  async replayCallbacks(
    @CurrentPrincipal() principal: Principal,
    @Param('messageId') id: string,
  ): Promise<CallbacksReplayedDto> {
    return { replayed: await this.logs.replayCallbacks(principal, id) };
  }

  @Post(':messageId/cancel')
  @HttpCode(HttpStatus.OK)
  @Auth({ apiKey: 'messages:send', jwt: 'admin' })
  @ApiOperation({ summary: 'Cancel a SCHEDULED, QUEUED or RETRYING message' })
  @ApiOkResponse({ type: MessageDto })
  @ApiNotFoundResponse({ type: ErrorDto })
  @ApiConflictResponse({ type: ErrorDto, description: 'Already being sent or final' })
  async cancel(
    @CurrentPrincipal() principal: Principal,
    @Param('messageId') id: string,
  ): Promise<MessageDto> {
    return MessageDto.of(await this.logs.cancel(principal, id));
  }
}
