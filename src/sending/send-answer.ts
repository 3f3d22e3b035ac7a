import { HttpStatus } from '@nestjs/common';
import type { Response } from 'express';
import type { Message } from '../message-log/message.model';
import { AcceptedDto, WaitedMessageDto } from './accepted.dto';

/** The header that marks the answer of an Idempotency-Key replay. */
export const REPLAYED_HEADER = 'Idempotent-Replayed';

/**
 * What a send is answered: the status code and the JSON text, rendered once, so that a replay
 * of its Idempotency-Key sends exactly these bytes again.
 */
export interface SendAnswer {
  /** The message as it was answered (for a replay: as it is now). */
  readonly message: Message;
  readonly status: number;
  readonly body: string;
  /** The first answer of an Idempotency-Key, given again. */
  readonly replayed: boolean;
}

/** 202 with the summary of the accepted message. */
export const acceptedAnswer = (message: Message): SendAnswer => ({
  message,
  status: HttpStatus.ACCEPTED,
  body: JSON.stringify(AcceptedDto.of(message)),
  replayed: false,
});

/** `Prefer: wait`: the whole record, 200 once sent or delivered, 202 when the wait ran out. */
export const waitedAnswer = (message: Message, settled: boolean): SendAnswer => ({
  message,
  status: settled ? HttpStatus.OK : HttpStatus.ACCEPTED,
  body: JSON.stringify(WaitedMessageDto.ofRecord(message)),
  replayed: false,
});

/** Express's ETag of an answer's bytes (the app's `etag fn` setting, weak by default). */
type ETagOf = (body: string, encoding: BufferEncoding) => string | undefined;

/**
 * Content-Length and ETag of a JSON text, worked out as Express's `send` does, with the app's
 * own ETag function. `send` then leaves a short text a string, which Node writes with the
 * header in one piece, instead of turning it into a buffer written after the header.
 */
function describeBody(res: Response, body: string): void {
  res.set('Content-Length', String(Buffer.byteLength(body, 'utf8')));
  const etagOf = res.app.get('etag fn') as ETagOf | undefined;
  const etag = etagOf?.(body, 'utf8');
  if (etag) res.set('ETag', etag);
}

/**
 * Status code, Location, Preference-Applied, Idempotent-Replayed, Content-Type, Content-Length
 * and ETag of a send answer; returns its JSON text, which the route sends as it is.
 */
export function presentSendAnswer(res: Response, answer: SendAnswer, waitSeconds?: number): string {
  res.status(answer.status);
  res.location(`/api/v1/messages/${answer.message.id}`);
  if (answer.replayed) res.setHeader(REPLAYED_HEADER, 'true');
  else if (waitSeconds !== undefined) res.setHeader('Preference-Applied', `wait=${waitSeconds}`);
  res.type('application/json');
  describeBody(res, answer.body);
  return answer.body;
}
