import { Injectable } from '@nestjs/common';
import { readEmailContent } from '../../contract/content/email.content';
import type { MessageStatus } from '../../contract/message-status';
import type { Principal } from '../../identity/principal';
import { type ListedMessage, MessageLog } from '../../message-log/message-log';
import { recipientsShown } from '../../contract/recipients-shown';
import { SendingApps } from '../../sending/sending-apps';
import type { FluxkitLogDto, FluxkitLogsDto, FluxkitLogsQuery } from './fluxkit.dto';

const DEFAULT_LIMIT = 20;

/** A log line; the list is read with content (not as summaries), for an email's subject. */
function logOf(message: ListedMessage): FluxkitLogDto {
  const to = recipientsShown(message.channel, message.to);
  const subject =
    message.channel === 'email' && message.content
      ? readEmailContent(message.content).subject
      : undefined;
  return {
    _id: message.id,
    channel: message.channel,
    to: to.length === 1 ? (to[0] ?? '') : [...to],
    ...(subject === undefined ? {} : { subject }),
    status: message.status.toLowerCase(),
    messageId: message.id,
    createdAt: message.createdAt.toISOString(),
  };
}

/** The message logs of one app: the one a token names with `appId`, or the default app. */
@Injectable()
export class FluxkitLogsService {
  constructor(
    private readonly apps: SendingApps,
    private readonly messages: MessageLog,
  ) {}

  async logs(principal: Principal, query: FluxkitLogsQuery): Promise<FluxkitLogsDto> {
    const scope = await this.apps.originOf(principal, query.appId, 'messages');
    const limit = query.limit ?? DEFAULT_LIMIT;
    const offset = query.offset ?? 0;
    const page = await this.messages.list(
      { appId: scope.appId },
      {
        ...(query.channel ? { channel: query.channel } : {}),
        ...(query.to ? { to: query.to } : {}),
        ...(query.status ? { status: query.status.toUpperCase() as MessageStatus } : {}),
        limit,
        offset,
        count: true,
      },
    );
    return { logs: page.items.map(logOf), total: page.total ?? page.items.length, limit, offset };
  }
}
