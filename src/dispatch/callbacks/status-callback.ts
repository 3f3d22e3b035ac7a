import { Inject, Injectable, Logger, type OnApplicationShutdown, Optional } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { Clock } from '../../common/clock/clock';
import { CryptoService } from '../../common/crypto/crypto.service';
import { OutboundUrlPolicy } from '../../common/http/outbound-url';
import { postPinned } from '../../common/http/pinned-post';
import { EVENT_ID_HEADER, SIGNATURE_HEADER, signCallback } from '../../contract/callback-signature';

export interface CallbackTarget {
  readonly url: string;
  /** The app's callback signing secret; never logged. */
  readonly secret: string;
}

export interface CallbackResult {
  readonly ok: boolean;
  /** Tries made (a refused URL makes none). */
  readonly attempts: number;
  /** The last HTTP status received, if any. */
  readonly status?: number;
  readonly error?: string;
}

/** How one try went: a 2xx answer, a failure worth retrying, or a URL never to post to. */
export type CallbackTry =
  | { readonly kind: 'delivered'; readonly status: number }
  | { readonly kind: 'failed'; readonly status?: number; readonly error: string }
  | { readonly kind: 'refused'; readonly error: string };

export interface DeliveryOptions {
  /** Sent as `Switchboard-Event-Id`; one is made when absent. */
  readonly eventId?: string;
}

export interface StatusCallbackOptions {
  /** Delay before the first retry; each further retry doubles it. Default 1 s. */
  readonly baseDelayMs?: number;
  /** Ceiling of one delay. Default 30 s. */
  readonly maxDelayMs?: number;
  /** Tries in all, the first included. Default 5. */
  readonly maxAttempts?: number;
  /** Limit of one try, connection to response headers. Default 5 s. */
  readonly timeoutMs?: number;
}

/** Injection token for `StatusCallbackOptions`; optional, the defaults suit production. */
export const STATUS_CALLBACK_OPTIONS = Symbol('STATUS_CALLBACK_OPTIONS');

const DEFAULTS = { baseDelayMs: 1000, maxDelayMs: 30_000, maxAttempts: 5, timeoutMs: 5000 };

/** A callback ready to go: the body is serialised once, when the callback is requested. */
interface Prepared {
  readonly target: CallbackTarget;
  readonly body: string;
  readonly eventId: string;
}

type TryOutcome = { readonly status: number } | { readonly error: string };

const isSuccess = (status: number): boolean => status >= 200 && status < 300;

/** The scheme, host and port only: the path or query may carry a receiver's token. */
function origin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '(invalid URL)';
  }
}

/**
 * POSTs signed status callbacks, retrying with backoff. Each try checks the URL again with
 * `OutboundUrlPolicy.resolveSafe` and connects to the very address it approved, so neither the
 * URL's owner nor its DNS can steer the request into the private network. Redirects are never
 * followed: a 3xx counts as a failed try, since following it would bypass that check.
 */
@Injectable()
export class StatusCallbackSender implements OnApplicationShutdown {
  private readonly logger = new Logger(StatusCallbackSender.name);
  private readonly settings: Required<StatusCallbackOptions>;
  private readonly stopping = new AbortController();

  constructor(
    private readonly policy: OutboundUrlPolicy,
    private readonly clock: Clock,
    private readonly crypto: CryptoService,
    @Optional() @Inject(STATUS_CALLBACK_OPTIONS) options: StatusCallbackOptions = {},
  ) {
    this.settings = { ...DEFAULTS, ...options };
  }

  /** Posts `payload` to `target`, retrying until a 2xx answer or the tries run out. */
  async deliver(
    target: CallbackTarget,
    payload: object,
    options: DeliveryOptions = {},
  ): Promise<CallbackResult> {
    return this.send(this.prepare(target, payload, options));
  }

  /** Ends pending retries at shutdown instead of holding the process for up to minutes. */
  onApplicationShutdown(): void {
    this.stopping.abort();
  }

  private prepare(target: CallbackTarget, payload: object, options: DeliveryOptions): Prepared {
    return {
      target,
      body: JSON.stringify(payload),
      eventId: options.eventId ?? this.crypto.newId('evt', this.clock.now()),
    };
  }

  /**
   * One try, for the callback outbox, which keeps its own schedule: `refused` when the URL may
   * never be posted to (retrying cannot help).
   */
  async tryOnce(target: CallbackTarget, body: string, eventId: string): Promise<CallbackTry> {
    const where = origin(target.url);
    const resolved = await this.policy.resolveSafe(target.url);
    if (!resolved.ok && !resolved.retryable) {
      this.logger.warn(`Callback to ${where} refused: the URL ${resolved.reason}`);
      return { kind: 'refused', error: `refused: the URL ${resolved.reason}` };
    }
    const outcome = resolved.ok
      ? await this.post({ target, body, eventId }, resolved.address, resolved.family)
      : { error: resolved.reason };
    if ('status' in outcome && isSuccess(outcome.status)) {
      return { kind: 'delivered', status: outcome.status };
    }
    this.logger.debug(`Callback to ${where} failed: ${describe(outcome)}`);
    return 'status' in outcome
      ? { kind: 'failed', status: outcome.status, error: describe(outcome) }
      : { kind: 'failed', error: outcome.error };
  }

  private async send(prepared: Prepared): Promise<CallbackResult> {
    const { maxAttempts } = this.settings;
    let last: CallbackTry = { kind: 'failed', error: 'not attempted' };
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      if (attempt > 1 && !(await this.pause(attempt - 1))) {
        return { ...toResult(last, attempt - 1), error: 'stopped: the service is shutting down' };
      }
      last = await this.tryOnce(prepared.target, prepared.body, prepared.eventId);
      if (last.kind === 'refused') return toResult(last, attempt - 1);
      if (last.kind === 'delivered') return toResult(last, attempt);
    }
    this.logger.warn(
      `Callback to ${origin(prepared.target.url)} gave up after ${maxAttempts} tries: ${last.error}`,
    );
    return toResult(last, maxAttempts);
  }

  /**
   * Waits before retry number `retry`: exponential, capped, with "equal jitter" (half the delay
   * fixed, half random) so that callbacks failing together do not retry in lockstep. False when
   * shutdown interrupted the wait.
   */
  private async pause(retry: number): Promise<boolean> {
    const { baseDelayMs, maxDelayMs } = this.settings;
    const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** (retry - 1));
    try {
      await sleep(ceiling / 2 + (Math.random() * ceiling) / 2, undefined, {
        signal: this.stopping.signal,
      });
      return true;
    } catch {
      return false;
    }
  }

  private async post(prepared: Prepared, address: string, family: 4 | 6): Promise<TryOutcome> {
    const outcome = await postPinned({
      url: prepared.target.url,
      address,
      family,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Switchboard',
        // Signed per try: a retry after a long backoff must still fall within the receiver's
        // tolerance.
        [SIGNATURE_HEADER]: signCallback(
          prepared.target.secret,
          Math.floor(this.clock.nowMs() / 1000),
          prepared.body,
        ),
        [EVENT_ID_HEADER]: prepared.eventId,
      },
      body: prepared.body,
      timeoutMs: this.settings.timeoutMs,
      signal: this.stopping.signal,
    });
    switch (outcome.kind) {
      case 'answered':
        return { status: outcome.status };
      case 'timeout':
        return { error: `timed out after ${outcome.timeoutMs} ms` };
      case 'network':
        return { error: `network error: ${outcome.code}` };
    }
  }
}

function describe(outcome: TryOutcome): string {
  if ('error' in outcome) return outcome.error;
  if (outcome.status >= 300 && outcome.status < 400) {
    return `HTTP ${outcome.status} (redirects are not followed)`;
  }
  return `HTTP ${outcome.status}`;
}

function toResult(outcome: CallbackTry, attempts: number): CallbackResult {
  switch (outcome.kind) {
    case 'delivered':
      return { ok: true, attempts, status: outcome.status };
    case 'failed':
      return {
        ok: false,
        attempts,
        ...(outcome.status === undefined ? {} : { status: outcome.status }),
        error: outcome.error,
      };
    case 'refused':
      return { ok: false, attempts, error: outcome.error };
  }
}
