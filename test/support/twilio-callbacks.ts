import { createHmac } from 'node:crypto';
import type { Test } from 'supertest';
import type TestAgent from 'supertest/lib/agent';

export const TWILIO_WEBHOOK_PATH = '/api/v1/webhooks/twilio';

export interface TwilioAccount {
  readonly accountSid: string;
  readonly authToken: string;
}

export type CallbackParams = Readonly<Record<string, string>>;

/**
 * `X-Twilio-Signature` as Twilio's security documentation defines it, written here apart from
 * the service's own check: base64 of HMAC-SHA1, keyed with the auth token, over the full URL
 * followed by every POST parameter's name and value, sorted by name.
 */
export function twilioSignature(authToken: string, url: string, params: CallbackParams): string {
  const data = Object.keys(params)
    .sort()
    .reduce((signed, name) => `${signed}${name}${params[name]}`, url);
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

export interface PostOptions {
  /** The header to send instead of the right one; `null` sends none. */
  readonly signature?: string | null;
  /** Sign with another token than the account's. */
  readonly authToken?: string;
  /** Sign another URL than the one Twilio was given. */
  readonly signedUrl?: string;
  /** A query string (with its `?`) on the URL posted to and signed. */
  readonly query?: string;
}

/** Posts status callbacks to the service as Twilio does: form-encoded, signed, per account. */
export class TwilioCallbacks {
  /** The URL the service gives Twilio for status callbacks: what Twilio signs. */
  readonly url: string;

  constructor(
    private readonly http: TestAgent,
    publicUrl: string,
    private readonly account: TwilioAccount,
  ) {
    this.url = `${publicUrl}${TWILIO_WEBHOOK_PATH}`;
  }

  /** A message's state, with the parameters Twilio sends for SMS and WhatsApp. */
  message(sid: string, state: string, extra: CallbackParams = {}, options: PostOptions = {}): Test {
    return this.post(
      {
        AccountSid: this.account.accountSid,
        ApiVersion: '2010-04-01',
        From: '+15005550006',
        To: '+14155550100',
        MessageSid: sid,
        SmsSid: sid,
        MessageStatus: state,
        SmsStatus: state,
        ...extra,
      },
      options,
    );
  }

  /** A call's state, with the parameters Twilio sends for calls. */
  call(sid: string, state: string, extra: CallbackParams = {}, options: PostOptions = {}): Test {
    return this.post(
      {
        AccountSid: this.account.accountSid,
        ApiVersion: '2010-04-01',
        CallSid: sid,
        CallStatus: state,
        Direction: 'outbound-api',
        From: '+15005550006',
        To: '+14155550100',
        Timestamp: new Date().toUTCString(),
        ...extra,
      },
      options,
    );
  }

  post(params: CallbackParams, options: PostOptions = {}): Test {
    const query = options.query ?? '';
    const signature =
      options.signature === undefined
        ? twilioSignature(
            options.authToken ?? this.account.authToken,
            options.signedUrl ?? `${this.url}${query}`,
            params,
          )
        : options.signature;
    return this.http
      .post(`${TWILIO_WEBHOOK_PATH}${query}`)
      .type('form')
      .set(signature === null ? {} : { 'X-Twilio-Signature': signature })
      .send(params);
  }
}
