import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../../common/clock/clock';
import type { Settings } from '../../common/config/settings';
import { InjectSettings } from '../../common/config/settings.module';
import { Forbidden } from '../../common/errors/api-error';
import { MessageLog, type ReportOutcome } from '../../message-log/message-log';
import { MessageUpdates } from '../../dispatch/message-updates';
import { StatusNotifier } from '../../dispatch/callbacks/status-notifier';
import { twilioOptions } from './twilio-options';
import { statusCallbackUrl } from './twilio-send';
import { TwilioSignatureVerifier } from './twilio-signature';
import { CallbackPatience } from '../../provider-reports/callback-patience';
import {
  type FormParams,
  formParams,
  readTwilioStatusCallback,
  single,
  type TwilioStatusCallback,
} from './twilio-report';

/** A callback as it arrived. */
export interface TwilioCallbackRequest {
  /** The `X-Twilio-Signature` header. */
  readonly signature: string | undefined;
  /** The query string as received, with its `?`; empty when there is none. */
  readonly query: string;
  /** The parsed body. */
  readonly body: unknown;
}

/**
 * `applied`: the message's status moved or an event was added. `unchanged`: a late or repeated
 * report. `unknown`: no message has the SID (or it was still being sent when patience ran out).
 * `ignored`: a signed request that is no status callback.
 */
export type TwilioCallbackOutcome = 'applied' | 'unchanged' | 'unknown' | 'ignored';

const NOT_SIGNED = 'The request is not signed by a configured Twilio account.';
const NO_PUBLIC_URL =
  'PUBLIC_URL is not set, so the URL Twilio signed is unknown and no callback can be verified.';

/** Auth tokens by account SID, from the configured providers of type `twilio`. */
function twilioAccounts(settings: Settings): ReadonlyMap<string, readonly string[]> {
  const accounts = new Map<string, string[]>();
  for (const config of settings.providers.list ?? []) {
    if (config.type !== 'twilio') continue;
    const { accountSid, authToken } = twilioOptions(config);
    const tokens = accounts.get(accountSid) ?? [];
    if (!tokens.includes(authToken)) accounts.set(accountSid, [...tokens, authToken]);
  }
  return accounts;
}

/**
 * Twilio's status callbacks: verified against the signing account's auth token, then applied to
 * the message with that provider id, forward only. A status change is announced as the
 * dispatcher announces its own (waiting requests, the caller's callback URL).
 */
@Injectable()
export class TwilioWebhooksService {
  private readonly logger = new Logger(TwilioWebhooksService.name);
  /** The URL Twilio is given for callbacks, and so the one it signs; none without PUBLIC_URL. */
  private readonly callbackUrl: string | undefined;
  private readonly tokensByAccount: ReadonlyMap<string, readonly string[]>;

  constructor(
    @InjectSettings() settings: Settings,
    private readonly verifier: TwilioSignatureVerifier,
    private readonly store: MessageLog,
    private readonly updates: MessageUpdates,
    private readonly notifier: StatusNotifier,
    private readonly patience: CallbackPatience,
    private readonly clock: Clock,
  ) {
    this.callbackUrl = statusCallbackUrl(settings.publicUrl);
    this.tokensByAccount = twilioAccounts(settings);
  }

  async receive(request: TwilioCallbackRequest): Promise<TwilioCallbackOutcome> {
    const params = this.verified(request);
    const callback = readTwilioStatusCallback(params, this.clock.now());
    if (!callback) return 'ignored';
    const outcome = await this.patience.retry(
      () => this.apply(callback),
      ({ kind }) => kind === 'not_found' || kind === 'sending',
    );
    return this.settle(callback, outcome);
  }

  /** The form parameters of a request signed by the account it names; 403 otherwise. */
  private verified(request: TwilioCallbackRequest): FormParams {
    if (this.callbackUrl === undefined) throw new Forbidden(NO_PUBLIC_URL);
    const params = formParams(request.body);
    const tokens = params === undefined ? [] : this.tokensOf(params);
    const url = `${this.callbackUrl}${request.query}`;
    const signed =
      params !== undefined &&
      this.verifier.isSignedByAny({ url, params, signature: request.signature }, tokens);
    if (signed) return params;
    const why = tokens.length === 0 ? 'it names no configured account' : 'bad or no signature';
    this.logger.warn(`refused a Twilio callback: ${why}`);
    throw new Forbidden(NOT_SIGNED);
  }

  /** The auth tokens of the account the callback names. */
  private tokensOf(params: FormParams): readonly string[] {
    const account = single(params, 'AccountSid');
    return (account === undefined ? undefined : this.tokensByAccount.get(account)) ?? [];
  }

  private async apply({ sid, report }: TwilioStatusCallback): Promise<ReportOutcome> {
    const message = await this.store.findByProviderMessageIdAcrossApps(sid);
    if (!message) return { kind: 'not_found' };
    return this.store.applyProviderReport(
      { appId: message.appId },
      message.id,
      report,
      this.clock.now(),
    );
  }

  private settle(callback: TwilioStatusCallback, outcome: ReportOutcome): TwilioCallbackOutcome {
    switch (outcome.kind) {
      case 'moved':
        this.updates.published(outcome.message);
        this.notifier.statusChanged(outcome.message);
        return 'applied';
      case 'recorded':
        return 'applied';
      case 'unchanged':
        return 'unchanged';
      case 'sending':
        this.logger.warn(
          `dropped Twilio's ${callback.report.providerStatus} for ${callback.sid}: its message was still being sent`,
        );
        return 'unknown';
      case 'not_found':
        return 'unknown';
    }
  }
}
