import type { ErrorCategory } from '../error-category';
import { ProviderError, type RecipientRefusal, type SendSuccess } from '../provider';
import type { OutgoingCopy } from './outgoing-email';

/** How one copy went, in the provider's own terms of failure. */
export type CopyResult<TFailure> =
  | { readonly ok: true; readonly messageId: string }
  | { readonly ok: false; readonly failure: TFailure };

/** What a provider makes of its failures: the gateway's category and words. */
export type FailureMeaning<TFailure> = (failure: TFailure) => {
  readonly category: ErrorCategory;
  readonly message: string;
};

/**
 * Sends every copy of an email apart, at once, and sums up: sent when the provider took any
 * copy (the first one's id is the message's, the others' ids come along), the copies it did not
 * take reported refused with their reasons. Those are not tried again, since a retry would send
 * the taken copies twice. When it took none, the first failure is the send's, to be retried or
 * failed over as any.
 */
export async function sendEachCopy<TFailure>(
  copies: readonly OutgoingCopy[],
  sendOne: (copy: OutgoingCopy) => Promise<CopyResult<TFailure>>,
  meaning: FailureMeaning<TFailure>,
): Promise<SendSuccess> {
  const outcomes = await Promise.all(
    copies.map(async (copy) => ({ recipient: copy.recipient, result: await sendOne(copy) })),
  );
  const taken = outcomes.flatMap(({ result }) => (result.ok ? [result.messageId] : []));
  const refused: RecipientRefusal[] = outcomes.flatMap(({ recipient, result }) => {
    if (result.ok) return [];
    const { category, message } = meaning(result.failure);
    return [{ recipient, category, reason: message }];
  });
  const first = taken.at(0);
  const others = taken.slice(1);
  if (first === undefined) {
    const failed = refused.at(0);
    throw failed
      ? new ProviderError(failed.category, failed.reason)
      : new ProviderError('INVALID_RECIPIENT', 'the message has no recipient copy');
  }
  return {
    providerMessageId: first,
    status: 'SENT',
    ...(others.length > 0 ? { copyMessageIds: others } : {}),
    ...(refused.length > 0 ? { refused } : {}),
  };
}
