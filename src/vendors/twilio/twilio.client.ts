import { RequestClient, Twilio } from 'twilio';
import type TwilioRequestClient from 'twilio/lib/base/RequestClient';
import type TwilioResponse from 'twilio/lib/http/response';

export interface TwilioClientOptions {
  readonly accountSid: string;
  readonly authToken: string;
  /** Replaces `https://api.twilio.com` (a regional edge, a test server); path prefixes are kept. */
  readonly apiBaseUrl?: string;
  readonly timeoutMs: number;
}

/** A Messages resource to create; addresses exactly as Twilio takes them. */
export interface TwilioMessageRequest {
  readonly to: string;
  readonly from?: string;
  readonly messagingServiceSid?: string;
  readonly body?: string;
  readonly mediaUrls?: readonly string[];
  readonly contentSid?: string;
  /** JSON object of template variables, as a string (Twilio's wire format). */
  readonly contentVariables?: string;
  readonly statusCallback?: string;
}

/** A Calls resource to create. */
export interface TwilioCallRequest {
  readonly to: string;
  readonly from: string;
  readonly twiml?: string;
  readonly url?: string;
  /** Seconds to let the phone ring. */
  readonly timeout?: number;
  readonly machineDetection?: string;
  readonly statusCallback?: string;
  readonly statusCallbackEvents?: readonly string[];
}

/** What Twilio created: its SID and its state at creation. */
export interface TwilioResource {
  readonly sid: string;
  readonly status: string;
}

/** Why a request failed, in plain terms; messages never carry the auth token. */
export type TwilioFailure =
  /** Twilio (or whatever serves the base URL) answered with an error status. */
  | {
      readonly kind: 'http';
      readonly httpStatus: number;
      readonly code?: number;
      readonly message: string;
    }
  /** The connection failed or dropped before an answer. */
  | { readonly kind: 'network'; readonly message: string }
  | { readonly kind: 'timeout'; readonly message: string }
  /** The SDK refused the request before sending it (a required parameter missing). */
  | { readonly kind: 'refused'; readonly message: string };

export type TwilioResult =
  | { readonly ok: true; readonly resource: TwilioResource }
  | { readonly ok: false; readonly failure: TwilioFailure };

const MAX_MESSAGE_LENGTH = 300;
const TIMEOUT_CODES = ['ECONNABORTED', 'ETIMEDOUT'];
/** What the SDK says when the error body is not Twilio's JSON: the status already says it. */
const SDK_PLACEHOLDER = /^\[HTTP \d+\] Failed to execute request$/;

/**
 * The SDK's request client with the API origin swapped. A custom `httpClient` is the SDK's
 * supported extension point; its domains hard-code `https://api.twilio.com` otherwise.
 */
class RebasingRequestClient extends RequestClient {
  constructor(
    private readonly apiBaseUrl: string | undefined,
    timeoutMs: number,
  ) {
    // No SDK retries: the dispatch pipeline owns retry and fail-over.
    super({ timeout: timeoutMs, autoRetry: false });
  }

  override request<TData>(
    opts: TwilioRequestClient.RequestOptions<TData>,
  ): Promise<TwilioResponse<TData>> {
    return super.request({ ...opts, uri: this.rebase(opts.uri) });
  }

  private rebase(uri: string): string {
    if (!this.apiBaseUrl) return uri;
    const { pathname, search } = new URL(uri);
    return `${this.apiBaseUrl.replace(/\/+$/, '')}${pathname}${search}`;
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

const textOf = (...candidates: unknown[]): string =>
  candidates.find((value): value is string => typeof value === 'string' && value !== '') ?? '';

/** The one wrapper of the official `twilio` SDK: vendor types and errors stay in here. */
export class TwilioClient {
  private readonly sdk: Twilio;

  constructor(private readonly options: TwilioClientOptions) {
    this.sdk = new Twilio(options.accountSid, options.authToken, {
      httpClient: new RebasingRequestClient(options.apiBaseUrl, options.timeoutMs),
    });
  }

  createMessage(request: TwilioMessageRequest): Promise<TwilioResult> {
    return this.run(() =>
      this.sdk.messages.create({
        to: request.to,
        from: request.from,
        messagingServiceSid: request.messagingServiceSid,
        body: request.body,
        mediaUrl: request.mediaUrls ? [...request.mediaUrls] : undefined,
        contentSid: request.contentSid,
        contentVariables: request.contentVariables,
        statusCallback: request.statusCallback,
      }),
    );
  }

  createCall(request: TwilioCallRequest): Promise<TwilioResult> {
    return this.run(() =>
      this.sdk.calls.create({
        to: request.to,
        from: request.from,
        twiml: request.twiml,
        url: request.url,
        timeout: request.timeout,
        machineDetection: request.machineDetection,
        statusCallback: request.statusCallback,
        statusCallbackEvent: request.statusCallbackEvents
          ? [...request.statusCallbackEvents]
          : undefined,
      }),
    );
  }

  private async run(create: () => Promise<{ sid: string; status: string }>): Promise<TwilioResult> {
    try {
      const { sid, status } = await create();
      return { ok: true, resource: { sid, status } };
    } catch (error) {
      return { ok: false, failure: this.describe(error) };
    }
  }

  private describe(error: unknown): TwilioFailure {
    const record = isRecord(error) ? error : {};
    const message = this.clean(textOf(record.detail, record.message, record.title));
    if (typeof record.status === 'number') {
      const code = typeof record.code === 'number' ? record.code : undefined;
      const said = SDK_PLACEHOLDER.test(message) ? '' : message;
      return { kind: 'http', httpStatus: record.status, ...(code ? { code } : {}), message: said };
    }
    if (typeof record.code === 'string') {
      if (TIMEOUT_CODES.includes(record.code)) {
        return { kind: 'timeout', message: `no answer within ${this.options.timeoutMs} ms` };
      }
      return { kind: 'network', message: message ? `${record.code}: ${message}` : record.code };
    }
    return { kind: 'refused', message: message || 'the request was refused before sending' };
  }

  /** One short line without the auth token (a message may echo what was sent). */
  private clean(text: string): string {
    const { authToken } = this.options;
    const redacted = authToken ? text.split(authToken).join('***') : text;
    const oneLine = redacted.replace(/\s+/g, ' ').trim();
    return oneLine.slice(0, MAX_MESSAGE_LENGTH);
  }
}
