import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { Clock } from '../common/clock/clock';
import type { Settings } from '../common/config/settings';
import { InjectSettings } from '../common/config/settings.module';
import { CryptoService } from '../common/crypto/crypto.service';
import { SecretBox } from '../common/crypto/secret-box';
import {
  ApiError,
  type ErrorCode,
  Conflict,
  type FieldProblem,
  ValidationFailed,
} from '../common/errors/api-error';
import { OutboundUrlPolicy } from '../common/http/outbound-url';
import { ProviderRegistry } from '../dispatch/providers/provider.registry';
import { DispatchQueue } from '../dispatch/dispatch.queue';
import type { Message } from '../message-log/message.model';
import type { MessageStatus } from '../contract/message-status';
import { MessageLog } from '../message-log/message-log';
import { sealContent } from '../message-log/sealed-content';
import { IdempotencyKeys } from '../idempotency/idempotency-keys';
import { insertOnce, type KeyedOutcome, type KeyedRecords } from '../idempotency/insert-once';
import { requestHash } from '../idempotency/request-hash';
import { MessageUpdates } from '../dispatch/message-updates';
import { PipelineMetrics } from '../dispatch/pipeline-metrics';
import { INVALID_PHONE, toE164 } from '../common/validation/phone-number';
import type { SendOptions, SendRequest } from './send-request';
import type { AppScope } from '../identity/app-scope';
import { acceptedAnswer, type SendAnswer, waitedAnswer } from './send-answer';
import type { SendOrigin } from './send-origin';
import { FirstAnswers } from './first-answers';
import { SUPPRESSION_LIST } from '../suppressions/suppression.model';

const DAY_MS = 24 * 60 * 60 * 1000;
const POLL_MS = 250;

/** How a message that finally failed ended, as the failure of `Prefer: wait` says it. */
const ENDINGS: Partial<Record<MessageStatus, string>> = {
  FAILED: 'failed',
  UNDELIVERABLE: 'was undeliverable',
  CANCELED: 'was canceled',
};

/**
 * The status and code of a waited send that failed: a provider's failure is a 502; a refusal by
 * the app's own suppression list is the caller's to fix (send without the address, or take it
 * off the list), so a 422 that no retry would change.
 */
const failureAnswer = (refusedBy: string | undefined): [number, ErrorCode] =>
  refusedBy === SUPPRESSION_LIST
    ? [HttpStatus.UNPROCESSABLE_ENTITY, 'RECIPIENT_SUPPRESSED']
    : [HttpStatus.BAD_GATEWAY, 'PROVIDER_ERROR'];

const problem = (field: string, code: string, message: string): ValidationFailed =>
  new ValidationFailed([{ field, code, message } satisfies FieldProblem]);

/**
 * Accepting a send: one write to the store, then the enqueue, and only then the answer. Every
 * channel module hands its validated request to `accept`.
 */
@Injectable()
export class SendService {
  private readonly logger = new Logger(SendService.name);

  constructor(
    @InjectSettings() private readonly settings: Settings,
    private readonly store: MessageLog,
    private readonly keys: IdempotencyKeys,
    private readonly queue: DispatchQueue,
    private readonly registry: ProviderRegistry,
    private readonly urls: OutboundUrlPolicy,
    private readonly updates: MessageUpdates,
    private readonly crypto: CryptoService,
    private readonly secrets: SecretBox,
    private readonly clock: Clock,
    private readonly metrics: PipelineMetrics,
    private readonly firstAnswers: FirstAnswers,
  ) {}

  async accept(
    origin: SendOrigin,
    request: SendRequest,
    options: SendOptions,
  ): Promise<SendAnswer> {
    this.checkRequest(origin, request);
    const message = this.newMessage(origin, request, options);
    const outcome = await this.insert(message, request);
    switch (outcome.kind) {
      case 'busy':
        throw new Conflict(
          'Another request with this Idempotency-Key is in progress; retry in a moment.',
        );
      case 'replayed':
        if (outcome.requestHash !== message.requestHash) {
          throw new Conflict('This Idempotency-Key was used with a different request.');
        }
        return this.firstAnswers.replay(outcome.record);
      case 'created':
        this.metrics.accepted(outcome.record.channel);
        await this.enqueue(outcome.record);
        return this.answer(origin, outcome.record, options.waitSeconds);
    }
  }

  /** The answer of a new message, kept for replays of its Idempotency-Key. */
  private async answer(
    scope: AppScope,
    message: Message,
    waitSeconds: number | undefined,
  ): Promise<SendAnswer> {
    if (waitSeconds === undefined) {
      const answer = acceptedAnswer(message);
      await this.firstAnswers.keep(answer);
      return answer;
    }
    try {
      const answer = await this.waitForOutcome(scope, message, waitSeconds);
      await this.firstAnswers.keep(answer);
      return answer;
    } catch (error) {
      if (error instanceof ApiError) {
        await this.firstAnswers.keep({
          message,
          status: error.status,
          body: JSON.stringify(error.toBody()),
        });
      }
      throw error;
    }
  }

  /** Writes the message, its stash first; a stash the message does not keep is dropped. */
  private async insert(message: Message, request: SendRequest): Promise<KeyedOutcome<Message>> {
    const write = (): Promise<KeyedOutcome<Message>> =>
      insertOnce(this.keys, 'messages', message, this.records(message));
    const { stash } = request;
    if (!stash) return write();
    await stash.save(message.id);
    const drop = (): Promise<void> =>
      stash.drop(message.id).catch((error: unknown) => {
        this.logger.warn({ err: error }, `dropping the stash of ${message.id} failed`);
      });
    const outcome = await write().catch(async (error: unknown) => {
      await drop();
      throw error;
    });
    if (outcome.kind === 'created' && outcome.record.id === message.id) return outcome;
    await drop();
    // Created under the id a crashed writer of the same Idempotency-Key had promised.
    if (outcome.kind === 'created') await stash.save(outcome.record.id);
    return outcome;
  }

  /** The app's messages, as its Idempotency-Keys name them. */
  private records(scope: AppScope): KeyedRecords<Message> {
    return {
      insert: (message) => this.store.insert(message),
      find: (id) => this.store.get(scope, id),
    };
  }

  private checkRequest(origin: SendOrigin, request: SendRequest): void {
    if (this.registry.chain(request.channel).length === 0) {
      throw new ApiError(
        HttpStatus.SERVICE_UNAVAILABLE,
        'CHANNEL_NOT_CONFIGURED',
        `No provider is configured for ${request.channel}.`,
      );
    }
    if (request.provider && !this.registry.find(request.channel, request.provider)) {
      throw problem(
        'provider',
        'unknown_provider',
        `provider ${request.provider} is not configured for ${request.channel}`,
      );
    }
    if (request.scheduledAt && request.scheduledAt.getTime() <= this.clock.nowMs()) {
      throw problem('scheduledAt', 'scheduled_in_past', 'scheduledAt must be in the future');
    }
    if (request.callbackUrl) {
      const reason = this.urls.checkSyntax(request.callbackUrl);
      if (reason) throw problem('callbackUrl', 'invalid_url', `callbackUrl ${reason}`);
    }
    this.checkPhoneNumbers(origin, request);
  }

  /** The numbers were found possible on the way in; an app may want them valid as well. */
  private checkPhoneNumbers(origin: SendOrigin, request: SendRequest): void {
    if (origin.phoneNumberCheck !== 'valid') return;
    const problems = Object.entries(request.phoneNumbers ?? {})
      .filter(([, number]) => toE164(number, 'valid') !== number)
      .map(([field, number]) => ({
        field,
        code: INVALID_PHONE,
        message: `${field} ${number} is not a valid number for its country (this app checks numbers strictly)`,
      }));
    if (problems.length > 0) throw new ValidationFailed(problems);
  }

  private newMessage(origin: SendOrigin, request: SendRequest, options: SendOptions): Message {
    const now = this.clock.now();
    const status = request.scheduledAt ? 'SCHEDULED' : 'QUEUED';
    return {
      id: this.crypto.newId('msg', now),
      appId: origin.appId,
      channel: request.channel,
      status,
      to: request.to,
      content: request.content,
      ...(request.secretContent
        ? { sealedContent: sealContent(this.secrets, origin.appId, request.secretContent) }
        : {}),
      metadata: request.metadata ?? {},
      requestedBy: origin.requestedBy,
      ...(origin.broadcastId ? { broadcastId: origin.broadcastId } : {}),
      ...(options.reference ? { reference: options.reference } : {}),
      priority: request.priority ?? 0,
      ...(request.provider ? { provider: request.provider } : {}),
      ...(request.callbackUrl ? { callbackUrl: request.callbackUrl } : {}),
      ...(request.scheduledAt ? { scheduledAt: request.scheduledAt } : {}),
      nextAttemptAt: request.scheduledAt ?? now,
      route: { providerIndex: 0, providerAttempts: 0 },
      attempts: [],
      events: [{ type: status.toLowerCase(), at: now }],
      providerMessageIds: [],
      ...(options.idempotencyKey
        ? {
            idempotencyKey: options.idempotencyKey,
            requestHash: requestHash(request.channel, request.body),
            idempotencyExpiresAt: new Date(now.getTime() + DAY_MS),
          }
        : {}),
      createdAt: now,
      updatedAt: now,
      expiresAt: new Date(now.getTime() + this.settings.retentionDays * DAY_MS),
    };
  }

  /** The message is stored: if the queue refuses it now, the sweeper queues it shortly. */
  private async enqueue(message: Message): Promise<void> {
    try {
      await this.queue.enqueue({
        messageId: message.id,
        priority: message.priority,
        attempt: 0,
        ...(message.scheduledAt ? { notBefore: message.scheduledAt } : {}),
      });
    } catch (error) {
      this.logger.warn(
        `enqueue of ${message.id} failed, the sweeper will retry it: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  /**
   * Holds the answer until the message is sent, delivered or has finally failed, for at most
   * `seconds`. Local workers signal at once; another instance's work is seen by polling.
   */
  private async waitForOutcome(
    scope: AppScope,
    accepted: Message,
    seconds: number,
  ): Promise<SendAnswer> {
    const deadline = this.clock.nowMs() + seconds * 1000;
    let current = accepted;
    while (this.clock.nowMs() < deadline) {
      await this.updates.next(current.id, Math.min(POLL_MS, deadline - this.clock.nowMs()));
      current = (await this.store.get(scope, current.id)) ?? current;
      if (current.status === 'SENT' || current.status === 'DELIVERED')
        return waitedAnswer(current, true);
      const ending = ENDINGS[current.status];
      if (ending !== undefined) {
        const last = current.attempts.at(-1);
        const reason = last?.errorMessage ?? last?.errorCategory;
        const [status, code] = failureAnswer(last?.provider);
        throw new ApiError(
          status,
          code,
          `The message ${current.id} ${ending}${reason === undefined ? '.' : `: ${reason}`}`,
          [
            {
              messageId: current.id,
              status: current.status,
              ...(last
                ? {
                    errorCategory: last.errorCategory,
                    errorMessage: last.errorMessage,
                    provider: last.provider,
                  }
                : {}),
            },
          ],
        );
      }
    }
    return waitedAnswer(current, false);
  }
}
