import { HttpStatus, type Type } from '@nestjs/common';
import { ApiError } from '../common/errors/api-error';
import type { Message } from '../message-log/message.model';
import { channelBody, inCallerTerms } from './channel-body';
import type { SendAnswer } from './send-answer';
import type { SendOrigin } from './send-origin';

/** A channel module's service: the send its own route makes. */
export interface ChannelSendService<Dto> {
  send(
    origin: SendOrigin,
    dto: Dto,
    options: { idempotencyKey?: string; waitSeconds?: number },
  ): Promise<SendAnswer>;
}

/** A body for a channel route, in the caller's terms. */
export interface ChannelSend<Dto extends object> {
  readonly service: ChannelSendService<Dto>;
  /** The channel route's body class, which checks the body as that route does. */
  readonly dto: Type<Dto>;
  readonly body: Readonly<Record<string, unknown>>;
  /** Channel field → the caller's field, for error answers. */
  readonly fields?: Readonly<Record<string, string>>;
}

/** A message sent, and whether the provider took it before the wait ran out. */
export interface WaitedSend {
  readonly message: Message;
  readonly settled: boolean;
}

/** A replayed Idempotency-Key answers what its first request was answered, a failure too. */
function replayedFailure(answer: SendAnswer): ApiError {
  const body = JSON.parse(answer.body) as { code?: unknown; message?: unknown };
  const message = typeof body.message === 'string' ? body.message : undefined;
  return new ApiError(
    answer.status,
    // The two failures a waited send answers (see SendService).
    body.code === 'RECIPIENT_SUPPRESSED' ? 'RECIPIENT_SUPPRESSED' : 'PROVIDER_ERROR',
    message ?? `The message ${answer.message.id} failed.`,
  );
}

/**
 * Sends as the channel's own route does with `Prefer: wait=N`: the answer comes once the first
 * attempt has an outcome or N seconds passed; a failure is the error it throws (a 502
 * `PROVIDER_ERROR`, or a 422 `RECIPIENT_SUPPRESSED`).
 */
export async function sendAndWait<Dto extends object>(
  send: ChannelSend<Dto>,
  origin: SendOrigin,
  waitSeconds: number,
  idempotencyKey?: string,
): Promise<WaitedSend> {
  const options = { waitSeconds, ...(idempotencyKey === undefined ? {} : { idempotencyKey }) };
  // The channel's service finds problems too (a sender or URL its app may not use).
  const answer = await inCallerTerms(send.fields ?? {}, async () =>
    send.service.send(origin, await channelBody(send.dto, send.body), options),
  );
  if (answer.status >= 400) throw replayedFailure(answer);
  return { message: answer.message, settled: answer.status === (HttpStatus.OK as number) };
}
