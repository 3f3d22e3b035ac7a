import { ProviderError, type OutboundMessage, type SendSuccess } from '../../contract/provider';
import { twilioProviderError } from './twilio-errors';
import type { TwilioStatusMapping } from './twilio-status';
import type { TwilioResult } from './twilio.client';

/** Where Twilio posts status callbacks: the inbound webhook route under PUBLIC_URL. */
export const statusCallbackUrl = (publicUrl: string | undefined): string | undefined =>
  publicUrl === undefined ? undefined : `${publicUrl.replace(/\/+$/, '')}/api/v1/webhooks/twilio`;

/** The message's recipient; a message without one cannot be sent by anyone. */
export function recipientOf(message: OutboundMessage): string {
  const to = message.to.at(0);
  if (!to) throw new ProviderError('INVALID_RECIPIENT', 'the message has no recipient');
  return to;
}

/** A created resource as a send success (its state mapped), or the failure as a ProviderError. */
export function sendOutcome(
  result: TwilioResult,
  mapState: (state: string) => TwilioStatusMapping,
): SendSuccess {
  if (!result.ok) throw twilioProviderError(result.failure);
  const { sid, status } = result.resource;
  return {
    providerMessageId: sid,
    status: mapState(status).status === 'DELIVERED' ? 'DELIVERED' : 'SENT',
    providerStatus: status,
  };
}

/** No sender configured and none in the message: the provider cannot send this. */
export const missingSender = (providerId: string): ProviderError =>
  new ProviderError(
    'CONFIGURATION_ERROR',
    `provider ${providerId} has no default sender (option from) and the message names none`,
  );
