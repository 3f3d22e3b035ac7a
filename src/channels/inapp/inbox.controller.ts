import {
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Auth } from '../../identity/auth.decorator';
import { CurrentPrincipal } from '../../identity/current-principal.decorator';
import type { Principal } from '../../identity/principal';
import { ErrorDto } from '../../common/errors/error.dto';
import {
  InboxAppQuery,
  InboxListDto,
  InboxPath,
  ListInboxQuery,
  NotificationDto,
  NotificationPath,
  ReadAllDto,
} from './inbox.dto';
import { InboxService } from './inbox.service';
import { SseConnection } from './sse-connection';
import { LAST_EVENT_ID_PATTERN } from '../../common/http/cursor';
import { QueryErrorResponse } from '../../common/http/openapi-responses';

/**
 * The app's keys (its back end, service-to-service) and admin tokens naming the app. Reading
 * needs `messages:read`; marking read and deleting change the inbox, which needs `messages:send`,
 * so a read-only key stays read-only.
 */
const INBOX_READ = { apiKey: 'messages:read', jwt: 'admin' } as const;
const INBOX_WRITE = { apiKey: 'messages:send', jwt: 'admin' } as const;

/** One event of the stream, as Open API before 3.2 describes an event stream: by its events. */
const NOTIFICATION_EVENT: SchemaObject = {
  type: 'object',
  required: ['id', 'event', 'data'],
  properties: {
    id: { type: 'string', pattern: LAST_EVENT_ID_PATTERN, description: 'For Last-Event-ID' },
    event: { type: 'string', enum: ['notification'] },
    data: { type: 'string', description: 'The notification (NotificationDto) as JSON' },
  },
};

@ApiTags('inbox')
@Controller('inbox/:userId')
export class InboxController {
  constructor(private readonly inbox: InboxService) {}

  @Get()
  @Auth(INBOX_READ)
  @ApiOperation({ summary: "A user's notifications, newest first, with the unread count" })
  @ApiOkResponse({ type: InboxListDto })
  @ApiBadRequestResponse({ type: ErrorDto })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Param() path: InboxPath,
    @Query() query: ListInboxQuery,
  ): Promise<InboxListDto> {
    const { page, unreadCount, nextCursor } = await this.inbox.list(principal, path.userId, query);
    return {
      data: page.items.map((notification) => NotificationDto.of(notification)),
      unreadCount,
      ...(nextCursor === undefined ? {} : { nextCursor }),
    };
  }

  @Get('stream')
  @Auth(INBOX_READ)
  @ApiOperation({
    summary: "A user's new notifications as Server-Sent Events",
    description:
      'Each `notification` event carries an `id:`; a client that reconnects with `Last-Event-ID` first gets what was stored after that event, then live ones. A comment every 15 s keeps the connection open.',
  })
  @ApiHeader({
    name: 'Last-Event-ID',
    required: false,
    description:
      'Resume after this event: the `id:` of one this stream sent (`invalid_last_event_id`)',
    schema: { type: 'string', pattern: LAST_EVENT_ID_PATTERN },
  })
  @ApiOkResponse({
    description:
      'An event stream of `notification` events (NotificationDto); errors before it opens are JSON',
    content: { 'text/event-stream': { schema: NOTIFICATION_EVENT } },
  })
  @ApiBadRequestResponse({ type: ErrorDto })
  async stream(
    @CurrentPrincipal() principal: Principal,
    @Param() path: InboxPath,
    @Query() query: InboxAppQuery,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    await this.inbox.stream(
      principal,
      path.userId,
      query.appId,
      lastEventId,
      new SseConnection(req, res),
    );
  }

  @Post('read-all')
  @HttpCode(HttpStatus.OK)
  @Auth(INBOX_WRITE)
  @ApiOperation({ summary: "Mark every notification of the user's inbox read" })
  @ApiOkResponse({ type: ReadAllDto })
  @QueryErrorResponse()
  async readAll(
    @CurrentPrincipal() principal: Principal,
    @Param() path: InboxPath,
    @Query() query: InboxAppQuery,
  ): Promise<ReadAllDto> {
    return this.inbox.readAll(principal, path.userId, query.appId);
  }

  @Post(':notificationId/read')
  @HttpCode(HttpStatus.OK)
  @Auth(INBOX_WRITE)
  @ApiOperation({
    summary: 'Mark one notification read; its message records a `read` event',
  })
  @ApiOkResponse({ type: NotificationDto })
  @QueryErrorResponse()
  @ApiNotFoundResponse({ type: ErrorDto })
  async read(
    @CurrentPrincipal() principal: Principal,
    @Param() path: NotificationPath,
    @Query() query: InboxAppQuery,
  ): Promise<NotificationDto> {
    return NotificationDto.of(
      await this.inbox.read(principal, path.userId, path.notificationId, query.appId),
    );
  }

  @Delete(':notificationId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @Auth(INBOX_WRITE)
  @ApiOperation({ summary: 'Delete one notification' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @QueryErrorResponse()
  @ApiNotFoundResponse({ type: ErrorDto })
  async remove(
    @CurrentPrincipal() principal: Principal,
    @Param() path: NotificationPath,
    @Query() query: InboxAppQuery,
  ): Promise<void> {
    await this.inbox.remove(principal, path.userId, path.notificationId, query.appId);
  }
}
