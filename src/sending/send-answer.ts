import { HttpStatus } from '@nestjs/common';
import type { Response } from 'express';
import { AcceptedDto } from './accepted.dto';
import type { SendAnswer } from './send.service';

/** Status code, Location and Preference-Applied of a send answer; returns the body. */
export function presentSendAnswer(
  res: Response,
  answer: SendAnswer,
  waitSeconds?: number,
): AcceptedDto {
  res.status(answer.kind === 'settled' ? HttpStatus.OK : HttpStatus.ACCEPTED);
  res.location(`/api/v1/messages/${answer.message.id}`);
  if (waitSeconds !== undefined) res.setHeader('Preference-Applied', `wait=${waitSeconds}`);
  return AcceptedDto.of(answer.message);
}
