import { twilioErrorCode } from './twilio-errors';
import { twilioCallStatus, twilioMessageStatus, type TwilioStatusMapping } from './twilio-status';
import type { MessageStatus } from '../../contract/message-status';
import type { ProviderReport, ReportedStatus } from '../../contract/provider-report';

/** A POST body's form parameters (a name sent twice has several values). */
export type FormParams = Readonly<Record<string, string | readonly string[]>>;

const isFormValue = (value: unknown): value is string | readonly string[] =>
  typeof value === 'string' ||
  (Array.isArray(value) && value.every((item) => typeof item === 'string'));

/** A parsed body as form parameters; undefined when it is not a flat form (JSON, say). */
export function formParams(body: unknown): FormParams | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const entries = Object.entries(body);
  return entries.every(([, value]) => isFormValue(value)) ? Object.fromEntries(entries) : undefined;
}

/** What one status callback says: which of Twilio's resources, and the report about it. */
export interface TwilioStatusCallback {
  /** The message's (SM…/MM…) or call's (CA…) SID: the provider message id. */
  readonly sid: string;
  readonly report: ProviderReport;
}

const REPORTED_STATUSES: readonly MessageStatus[] = [
  'SENT',
  'DELIVERED',
  'FAILED',
  'UNDELIVERABLE',
  'CANCELED',
] satisfies readonly ReportedStatus[];

const isReported = (status: MessageStatus | undefined): status is ReportedStatus =>
  status !== undefined && REPORTED_STATUSES.includes(status);

/** A parameter sent once, non-empty; anything else counts as absent. */
export function single(params: FormParams, name: string): string | undefined {
  const value = params[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Why a state ended as it did: Twilio's error code, in words when the code is known. */
function reasonOf(code: string | undefined, mapping: TwilioStatusMapping): string | undefined {
  if (code === undefined) return mapping.detail;
  const reason =
    twilioErrorCode(Number(code))?.reason ?? mapping.detail ?? 'Twilio reported an error';
  return `${reason} (Twilio error ${code})`;
}

/** The event's detail: the reason, and who answered a call when machine detection was on. */
function detailOf(params: FormParams, mapping: TwilioStatusMapping): string | undefined {
  const answeredBy = single(params, 'AnsweredBy');
  const parts = [
    reasonOf(single(params, 'ErrorCode'), mapping),
    answeredBy === undefined ? undefined : `answered by ${answeredBy}`,
  ].filter((part) => part !== undefined);
  return parts.length === 0 ? undefined : parts.join('; ');
}

function callbackOf(
  sid: string,
  state: string,
  mapping: TwilioStatusMapping,
  params: FormParams,
  at: Date,
): TwilioStatusCallback {
  const detail = detailOf(params, mapping);
  return {
    sid,
    report: {
      providerStatus: state,
      ...(isReported(mapping.status) ? { status: mapping.status } : {}),
      event: { type: mapping.event, at, ...(detail === undefined ? {} : { detail }) },
    },
  };
}

/**
 * Reads a status callback: a message's (`MessageSid` + `MessageStatus`, for SMS and WhatsApp)
 * or a call's (`CallSid` + `CallStatus`), mapped by Twilio's state table and seen at `at`.
 * Undefined for a request that is neither.
 */
export function readTwilioStatusCallback(
  params: FormParams,
  at: Date,
): TwilioStatusCallback | undefined {
  const messageSid = single(params, 'MessageSid');
  const messageState = single(params, 'MessageStatus');
  if (messageSid !== undefined && messageState !== undefined) {
    return callbackOf(messageSid, messageState, twilioMessageStatus(messageState), params, at);
  }
  const callSid = single(params, 'CallSid');
  const callState = single(params, 'CallStatus');
  if (callSid !== undefined && callState !== undefined) {
    return callbackOf(callSid, callState, twilioCallStatus(callState), params, at);
  }
  return undefined;
}
