import { OptionReader } from '../../contract/option-reader';
import { MESSAGING_SERVICE_SID } from '../../contract/content/sms.content';
import type { ProviderConfig } from '../../contract/provider';

/** A type-`twilio` provider's own options, checked at start-up. */
export interface TwilioOptions {
  readonly accountSid: string;
  readonly authToken: string;
  /** Default sender: a number (E.164) or, for SMS, an alphanumeric sender id. */
  readonly from?: string;
  /** Default Messaging Service (MG…), used when neither the message nor `from` names a sender. */
  readonly messagingServiceSid?: string;
  readonly apiBaseUrl?: string;
}

export const ACCOUNT_SID_PATTERN = /^AC[0-9a-fA-F]{32}$/;

/**
 * Reads and checks a twilio provider's options; throws an Error naming the provider and the
 * option (never its value), which stops start-up. SMS needs a default sender because a message
 * may name none; WhatsApp and voice messages may carry their own.
 */
export function twilioOptions(config: ProviderConfig): TwilioOptions {
  // Annotated: a `never` method narrows only through an explicitly typed reference.
  const read: OptionReader = new OptionReader(config);
  const accountSid = read.matching(
    'accountSid',
    ACCOUNT_SID_PATTERN,
    'a Twilio account SID (AC followed by 32 hex characters)',
  );
  if (accountSid === undefined) read.fail('accountSid', 'is required');
  const authToken = read.text('authToken');
  if (authToken === undefined) read.fail('authToken', 'is required');
  const from = read.text('from');
  const messagingServiceSid = read.matching(
    'messagingServiceSid',
    MESSAGING_SERVICE_SID,
    'a Messaging Service SID (MG followed by 32 hex characters)',
  );
  if (config.channel === 'sms' && from === undefined && messagingServiceSid === undefined)
    read.fail('from', 'or messagingServiceSid is required for sms');
  const apiBaseUrl = read.httpUrl('apiBaseUrl');
  return {
    accountSid,
    authToken,
    ...(from === undefined ? {} : { from }),
    ...(messagingServiceSid === undefined ? {} : { messagingServiceSid }),
    ...(apiBaseUrl === undefined ? {} : { apiBaseUrl }),
  };
}
