import type { ApiError } from '../../common/errors/api-error';
import { knownApiError } from '../../common/errors/persistence-answers';
import type { SendAnswer } from '../../sending/send-answer';
import type { ChannelError, ChannelOutcome } from './broadcast.model';
import type { Channel } from '../../contract/channel';
import type { MessageStatus } from '../../contract/message-status';

/** An unexpected failure is reported without its internals, like the API's own 500s. */
const INTERNAL: ChannelError = {
  code: 'INTERNAL_ERROR',
  message: 'An unexpected error occurred while accepting this channel.',
};

/** The message a `Prefer: wait` failure names (`details[0].messageId`), if any. */
function failedMessage(error: ApiError): { messageId?: string; status?: MessageStatus } {
  const first = error.details?.[0] as { messageId?: unknown; status?: unknown } | undefined;
  if (error.code !== 'PROVIDER_ERROR' || typeof first?.messageId !== 'string') return {};
  return {
    messageId: first.messageId,
    ...(typeof first.status === 'string' ? { status: first.status as MessageStatus } : {}),
  };
}

/**
 * A channel that took its part: its message as the send answered. A replayed send may answer
 * what its first request was answered, a `Prefer: wait` failure.
 */
export function accepted(channel: Channel, answer: SendAnswer): ChannelOutcome {
  const { message } = answer;
  const taken = { channel, messageId: message.id, status: message.status };
  if (answer.status < 400) return { ...taken, success: true };
  return { ...taken, success: false, error: JSON.parse(answer.body) as ChannelError };
}

/** A channel that refused its part, or whose message failed while `Prefer: wait` watched. */
export function refused(channel: Channel, reason: unknown): ChannelOutcome {
  const known = knownApiError(reason);
  if (!known) return { channel, success: false, error: INTERNAL };
  return { channel, success: false, ...failedMessage(known), error: known.toBody() };
}
