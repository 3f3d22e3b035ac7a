import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../common/clock/clock';
import { IdempotencyKeys, type KeyName } from '../idempotency/idempotency-keys';
import type { Message } from '../message-log/message.model';
import { acceptedAnswer, type SendAnswer } from './send-answer';
import { MAX_WAIT_SECONDS } from './send-options';

const POLL_MS = 50;
/** A first request answers within its longest wait; a little more covers its last writes. */
const FIRST_ANSWER_MS = (MAX_WAIT_SECONDS + 5) * 1000;

const keyOf = (message: Message): KeyName | undefined =>
  message.idempotencyKey === undefined
    ? undefined
    : { space: 'messages', appId: message.appId, key: message.idempotencyKey };

/**
 * The answers of sends made with an Idempotency-Key: the first request's answer is kept with
 * its key, and every replay gets exactly that answer, not the message as it is by then.
 */
@Injectable()
export class FirstAnswers {
  private readonly logger = new Logger(FirstAnswers.name);

  constructor(
    private readonly keys: IdempotencyKeys,
    private readonly clock: Clock,
  ) {}

  /** Keeps the answer of a keyed send; a failure to keep it leaves replays the fallback. */
  async keep(answer: Pick<SendAnswer, 'message' | 'status' | 'body'>): Promise<void> {
    const name = keyOf(answer.message);
    if (!name) return;
    const { status, body } = answer;
    await this.keys
      .recordAnswer(name, answer.message.id, { status, body })
      .catch((error: unknown) => {
        this.logger.warn({ err: error }, `keeping the answer of ${answer.message.id} failed`);
      });
  }

  /**
   * The first answer of the key that made `message`, waiting while its first request still
   * waits for an outcome (`Prefer: wait`). A first request that stopped before answering left
   * none: then the answer is the one a send without waiting gets, the message as it was made.
   */
  async replay(message: Message): Promise<SendAnswer> {
    const name = keyOf(message);
    const deadline = this.clock.nowMs() + FIRST_ANSWER_MS;
    while (name && this.clock.nowMs() < deadline) {
      const answer = (await this.keys.find(name))?.answer;
      if (answer) return { message, ...answer, replayed: true };
      await sleep(POLL_MS);
    }
    const status = message.scheduledAt ? 'SCHEDULED' : 'QUEUED';
    return { ...acceptedAnswer({ ...message, status }), message, replayed: true };
  }
}
