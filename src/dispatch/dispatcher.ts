import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  type BeforeApplicationShutdown,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { SpanKind } from '@opentelemetry/api';
import { Clock } from '../common/clock/clock';
import type { Settings } from '../common/config/settings';
import { InjectSettings } from '../common/config/settings.module';
import { SecretBox, SecretUnreadableError } from '../common/crypto/secret-box';
import { inSpan, traceContextOf } from '../common/tracing/spans';
import type { OutboundMessage } from '../contract/provider';
import { ProviderPacer, type SendSlot } from './providers/provider-pacer';
import { ProviderRegistry, type ProviderSlot } from './providers/provider.registry';
import { attemptResult, blamesProvider, type SendOutcome } from './attempt-outcome';
import { PipelineMetrics } from './pipeline-metrics';
import { ProviderCall } from './provider-call';
import { DispatchQueue, type DispatchJob } from './dispatch.queue';
import type { Message, Route } from '../message-log/message.model';
import { openContent } from '../message-log/sealed-content';
import { type AttemptResult, DispatchClaims } from './dispatch-claims';
import { type Preparation, type SendRefusal, SendPreparers } from './send-preparers';
import { StatusAnnouncer } from './status-announcer';

interface Choice {
  readonly slot: ProviderSlot;
  readonly route: Route;
  readonly chainLength: number;
  /** False when every remaining provider's circuit is open: the attempt fails without a call. */
  readonly open: boolean;
}

/**
 * The stored message as its provider is given it, before its channel's preparation: its sealed
 * content opened into its content.
 */
const outboundOf = (message: Message, secrets: SecretBox): OutboundMessage => ({
  id: message.id,
  appId: message.appId,
  channel: message.channel,
  to: message.to,
  content: openContent(secrets, message),
  metadata: message.metadata,
});

const RECORD_RETRY_MS = 100;
const RECORD_RETRY_MAX_MS = 5_000;

/**
 * The worker: takes jobs from the queue, claims the message atomically in the store (so a
 * duplicate job never sends twice), tries the provider its route points at, records the
 * attempt, and queues the next step.
 */
@Injectable()
export class Dispatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(Dispatcher.name);
  /** Names this process's claims. */
  readonly owner = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  private readonly inFlight = new Set<string>();

  constructor(
    @InjectSettings() private readonly settings: Settings,
    private readonly claims: DispatchClaims,
    private readonly queue: DispatchQueue,
    private readonly registry: ProviderRegistry,
    private readonly clock: Clock,
    private readonly announcer: StatusAnnouncer,
    private readonly preparers: SendPreparers,
    private readonly pacer: ProviderPacer,
    private readonly call: ProviderCall,
    private readonly metrics: PipelineMetrics,
    private readonly secrets: SecretBox,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.start((job) => this.handle(job), this.settings.dispatch.concurrency);
  }

  /** Stop taking jobs and let running sends finish; any claim left is handed back. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.queue.stop();
    const now = this.clock.now();
    await Promise.all([...this.inFlight].map((id) => this.claims.release(id, this.owner, now)));
  }

  /** One job, as a span of the trace its job carries (the accept's). */
  handle(job: DispatchJob): Promise<void> {
    const attributes = {
      'messaging.system': 'switchboard',
      'messaging.operation.type': 'process',
      'switchboard.message.id': job.messageId,
      'switchboard.attempt': job.attempt,
    };
    const parent = traceContextOf(job.trace);
    return inSpan('dispatch', { kind: SpanKind.CONSUMER, attributes, parent }, async (span) => {
      const claimed = await this.claims.claim(
        job.messageId,
        this.owner,
        this.clock.now(),
        this.settings.dispatch.claimMs,
        // A recovery job is for a lapsed claim, whose takeover round only the message knows.
        job.recovery ? undefined : job.attempt,
      );
      span.setAttribute('switchboard.claimed', claimed !== undefined);
      if (!claimed) return;
      span.setAttribute('switchboard.channel', claimed.channel);
      this.inFlight.add(claimed.id);
      try {
        await this.attempt(claimed, job.slot);
      } finally {
        this.inFlight.delete(claimed.id);
      }
    });
  }

  private async attempt(message: Message, carried?: SendSlot): Promise<void> {
    const outbound = this.outbound(message);
    if (outbound.kind === 'refuse') {
      await this.refuse(message, outbound);
      return;
    }
    const prepared = await this.preparers.prepare(outbound.message);
    if (prepared.kind === 'refuse') {
      await this.refuse(message, prepared);
      return;
    }
    const choice = this.choose(message);
    if (!choice) {
      await this.refuse(message, {
        kind: 'refuse',
        status: 'FAILED',
        category: 'CONFIGURATION_ERROR',
        reason: `no provider is configured for ${message.channel}`,
        by: message.provider ?? 'none',
      });
      return;
    }
    if (choice.open && (await this.putOff(message, choice, carried))) return;
    const started = this.clock.nowMs();
    const outcome = choice.open
      ? await this.call.send(choice.slot, prepared.message)
      : this.circuitOpen(choice.slot);
    const result = attemptResult(outcome, {
      config: choice.slot.config,
      route: choice.route,
      chainLength: choice.chainLength,
      durationMs: this.clock.nowMs() - started,
      now: this.clock.now(),
      ...(prepared.message.recipients ? { recipients: prepared.message.recipients } : {}),
    });
    this.updateCircuit(choice, outcome);
    const stored = await this.record(message.id, result);
    if (!stored) {
      this.logger.warn(`claim on ${message.id} was lost before the attempt was recorded`);
      return;
    }
    await this.afterAttempt(stored);
  }

  /**
   * Records the attempt. Once a provider has been called, losing its outcome would let the
   * claim lapse and the message go out again, so a failed write (database busy or briefly
   * unreachable) is retried for up to half the claim's lease before giving up.
   */
  private async record(id: string, result: AttemptResult): Promise<Message | undefined> {
    const deadline = this.clock.nowMs() + this.settings.dispatch.claimMs / 2;
    for (let pause = RECORD_RETRY_MS; ; pause = Math.min(pause * 2, RECORD_RETRY_MAX_MS)) {
      try {
        const stored = await this.claims.complete(id, this.owner, result, this.clock.now());
        if (stored) this.metrics.attempted(stored.channel, result.attempt);
        return stored;
      } catch (error) {
        if (this.clock.nowMs() + pause > deadline) throw error;
        this.logger.warn({ err: error }, `recording the attempt on ${id} failed; trying again`);
        await sleep(pause);
      }
    }
  }

  private async afterAttempt(message: Message): Promise<void> {
    this.announcer.statusChanged(message);
    if (message.status !== 'RETRYING') {
      await this.settled(message);
      return;
    }
    if (!message.nextAttemptAt) return;
    await this.queue.enqueue({
      messageId: message.id,
      priority: message.priority,
      notBefore: message.nextAttemptAt,
      attempt: message.attempts.length,
    });
  }

  /**
   * What the provider is given; a refusal when its sealed content cannot be opened: the key that
   * sealed it was taken out of ENCRYPTION_KEYS_OLD, and retrying would not bring it back.
   */
  private outbound(message: Message): Preparation {
    try {
      return { kind: 'send', message: outboundOf(message, this.secrets) };
    } catch (error) {
      if (!(error instanceof SecretUnreadableError)) throw error;
      return {
        kind: 'refuse',
        status: 'FAILED',
        category: 'CONFIGURATION_ERROR',
        reason: `the message's sealed content cannot be read: ${error.reason}`,
        by: 'encryption-key',
      };
    }
  }

  /** The provider the route points at, skipping those whose circuit is open. */
  private choose(message: Message): Choice | undefined {
    const chain = message.provider
      ? [this.registry.find(message.channel, message.provider)].filter(
          (slot): slot is ProviderSlot => slot !== undefined,
        )
      : this.registry.chain(message.channel);
    const first = chain.at(message.route.providerIndex);
    if (!first) return undefined;
    const now = this.clock.nowMs();
    for (let index = message.route.providerIndex; index < chain.length; index += 1) {
      const slot = chain.at(index);
      if (slot?.breaker.tryPass(now)) {
        const route =
          index === message.route.providerIndex
            ? message.route
            : { providerIndex: index, providerAttempts: 0 };
        return { slot, route, chainLength: chain.length, open: true };
      }
    }
    return { slot: first, route: message.route, chainLength: chain.length, open: false };
  }

  /** No attempt will follow: what the channel loaded for sends may go (failures only logged). */
  private async settled(message: Message): Promise<void> {
    try {
      await this.preparers.sendSettled(message);
    } catch (error) {
      this.logger.error({ err: error }, `clean-up after the send of ${message.id} failed`);
    }
  }

  /**
   * Waits for the provider's send-rate slot when it is near. When it is far, gives the message
   * back until then, in a job that holds the slot, and says so: the worker is free for other
   * sends meanwhile, and the message waits instead of failing.
   */
  private async putOff(message: Message, choice: Choice, carried?: SendSlot): Promise<boolean> {
    const pace = await this.pacer.pace(choice.slot.config, carried);
    if (pace.kind === 'now') return false;
    choice.slot.breaker.forgoPass();
    const until = new Date(pace.slot.at);
    // Lost the claim: whoever holds it now goes on.
    if (!(await this.claims.defer(message.id, this.owner, until, this.clock.now()))) return true;
    await this.queue.enqueue({
      messageId: message.id,
      priority: message.priority,
      attempt: message.attempts.length,
      notBefore: until,
      slot: pace.slot,
    });
    return true;
  }

  private circuitOpen(slot: ProviderSlot): SendOutcome {
    return {
      ok: false,
      category: 'PROVIDER_OUTAGE',
      message: `circuit open for ${slot.config.id}: not tried`,
    };
  }

  private updateCircuit(choice: Choice, outcome: SendOutcome): void {
    if (!choice.open || choice.slot.provider.failuresTripCircuit === false) return;
    if (!outcome.ok && blamesProvider(outcome.category))
      choice.slot.breaker.recordFailure(this.clock.nowMs());
    else choice.slot.breaker.recordSuccess();
  }

  /**
   * Ends the message without a provider call: no provider for the channel (or the pinned one is
   * gone), or its channel refused the send. Final, with an attempt that says why.
   */
  private async refuse(message: Message, refusal: SendRefusal): Promise<void> {
    const now = this.clock.now();
    const stored = await this.record(message.id, {
      attempt: {
        provider: refusal.by,
        status: refusal.status,
        errorCategory: refusal.category,
        errorMessage: refusal.reason,
        durationMs: 0,
        timestamp: now,
      },
      status: refusal.status,
      route: message.route,
      events: [{ type: refusal.status.toLowerCase(), at: now, detail: refusal.reason }],
    });
    if (stored) await this.afterAttempt(stored);
  }
}
