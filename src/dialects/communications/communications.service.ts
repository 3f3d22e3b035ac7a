import { HttpStatus, Injectable } from '@nestjs/common';
import { BroadcastService } from '../../api/broadcasts/broadcast.service';
import type { ChannelOutcome } from '../../api/broadcasts/broadcast.model';
import { SendBroadcastDto } from '../../api/broadcasts/send-broadcast.dto';
import { ApiError } from '../../common/errors/api-error';
import type { Principal } from '../../identity/principal';
import { channelBody } from '../../sending/channel-body';
import {
  CHANNEL_NAMES,
  type ChannelName,
  type CommunicationResultDto,
  type CommunicationBatchResponseDto,
  type CommunicationDto,
} from './communications.dto';

/** Broadcast fields in the system's terms, for error answers. */
const FIELDS = { email: 'emailAddress', phone: 'phoneNumber' };

const NAME_OF = Object.fromEntries(
  Object.entries(CHANNEL_NAMES).map(([name, channel]) => [channel, name]),
) as Record<string, ChannelName>;

/** A problem's message, naming the field as the system did (`phone …` is `phoneNumber …`). */
function problemText(detail: unknown): string[] {
  const { field, message } = (detail ?? {}) as { field?: unknown; message?: unknown };
  if (typeof message !== 'string') return [];
  const renamed = typeof field === 'string' ? FIELDS[field as keyof typeof FIELDS] : undefined;
  return [
    renamed !== undefined && message.startsWith(`${String(field)} `)
      ? `${renamed}${message.slice(String(field).length)}`
      : message,
  ];
}

/** Why a channel failed, in one line: its field problems, else the error's message. */
function errorText(error: ChannelOutcome['error']): string {
  const problems = (error?.details ?? []).flatMap(problemText);
  return problems.length > 0 ? problems.join('; ') : (error?.message ?? 'Failed');
}

function resultOf(outcome: ChannelOutcome): CommunicationResultDto {
  return {
    channel: NAME_OF[outcome.channel] ?? 'Email',
    success: outcome.success,
    error: outcome.success ? null : errorText(outcome.error),
    messageId: outcome.messageId ?? null,
  };
}

/** The multi-channel send, as a broadcast: every channel at once, one result each. */
@Injectable()
export class CommunicationsService {
  constructor(private readonly broadcasts: BroadcastService) {}

  async send(
    principal: Principal,
    dto: CommunicationDto,
    idempotencyKey: string | undefined,
  ): Promise<CommunicationBatchResponseDto> {
    const broadcast = await channelBody(
      SendBroadcastDto,
      {
        appId: dto.appId,
        subject: dto.subject,
        body: dto.body,
        isHtml: dto.isHtml,
        channels: dto.channels.map((name) => CHANNEL_NAMES[name]),
        email: dto.emailAddress,
        phone: dto.phoneNumber,
        userId: dto.userId,
        pushToken: dto.pushToken,
        webhookUrl: dto.webhookUrl,
      },
      FIELDS,
    );
    const options = idempotencyKey === undefined ? {} : { idempotencyKey };
    const { broadcast: sent } = await this.broadcasts.send(principal, broadcast, options);
    const results = sent.outcomes.map(resultOf);
    if (results.every(({ success }) => !success)) throw dispatchFailed(results);
    return { results };
  }
}

/** Nothing went out: the system answered 400 then, with each channel's reason. */
const dispatchFailed = (results: readonly CommunicationResultDto[]): ApiError =>
  new ApiError(
    HttpStatus.BAD_REQUEST,
    'VALIDATION_ERROR',
    `Dispatch failed on every channel: ${results.map(({ channel, error }) => `${channel}: ${error ?? 'failed'}`).join('; ')}`,
  );
