import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { SpanKind } from '@opentelemetry/api';
import { Counter } from 'prom-client';
import { Clock } from '../../common/clock/clock';
import type { Settings } from '../../common/config/settings';
import { InjectSettings } from '../../common/config/settings.module';
import { MetricsService } from '../../common/metrics/metrics.service';
import { PeriodicTask } from '../../common/tasks/periodic-task';
import { failSpan, inSpan, traceContextOf } from '../../common/tracing/spans';
import { AppsService } from '../../identity/apps.service';
import { MessageLog } from '../../message-log/message-log';
import { CallbackOutbox, type CallbackOutcome, type CallbackRecord } from './callback-outbox';
import { type CallbackTry, StatusCallbackSender } from './status-callback';

const POLL_EVERY_MS = 1000;
/** Longer than one try can take (its timeout, plus resolving the host): then a lapse means a crash. */
const LEASE_MS = 60_000;
/** Callbacks tried at once by one instance; a message's own wait for each other. */
const LANES = 4;
/** Tries per lane and run, so that a stop never waits long. */
const TRIES_PER_RUN = 25;

/**
 * Delivers the callback outbox: leases each due record, posts it once (`StatusCallbackSender`
 * signs it with the app's secret and checks its URL) and records the try; a failed try is
 * retried after the next wait of `CALLBACK_RETRY_SECONDS`, the last one gives up. Each final
 * outcome is also a `callback` event of the message and counted; each try is a client span of
 * the trace that made the change.
 */
@Injectable()
export class CallbackWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(CallbackWorker.name);
  private readonly delaysMs: readonly number[];
  private readonly settled: Counter<'outcome'>;
  private stopping = false;
  private readonly task = new PeriodicTask(
    { name: 'callbacks', everyMs: POLL_EVERY_MS, run: () => this.run() },
    this.logger,
  );

  constructor(
    @InjectSettings() settings: Settings,
    private readonly outbox: CallbackOutbox,
    private readonly sender: StatusCallbackSender,
    private readonly apps: AppsService,
    private readonly log: MessageLog,
    private readonly clock: Clock,
    metrics: MetricsService,
  ) {
    this.delaysMs = settings.callbackRetryDelaysMs;
    this.settled = new Counter({
      name: 'switchboard_callbacks_total',
      help: 'Status callbacks finished, by outcome (delivered, failed: refused or out of tries)',
      labelNames: ['outcome'],
      registers: [metrics.registry],
    });
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    await this.task.stop();
  }

  /** A callback was recorded: deliver it now rather than at the next poll. */
  wake(): void {
    if (!this.stopping) void this.task.runNow();
  }

  private async run(): Promise<void> {
    await Promise.all(Array.from({ length: LANES }, () => this.drain()));
  }

  private async drain(): Promise<void> {
    for (let tries = 0; tries < TRIES_PER_RUN && !this.stopping; tries++) {
      const now = this.clock.now();
      const record = await this.outbox.lease(now, new Date(now.getTime() + LEASE_MS));
      if (!record) return;
      await this.deliver(record);
    }
  }

  private async deliver(record: CallbackRecord): Promise<void> {
    const attributes = {
      'switchboard.message.id': record.messageId,
      'switchboard.message.status': record.status,
    };
    const parent = traceContextOf(record.trace);
    const result = await inSpan('callback', { kind: SpanKind.CLIENT, attributes, parent }, (span) =>
      this.tryOnce(record).then((tried) => {
        span.setAttribute('switchboard.callback.delivered', tried.kind === 'delivered');
        if (tried.kind !== 'delivered') failSpan(span, 'not delivered');
        return tried;
      }),
    );
    const outcome = this.outcomeOf(record, result);
    await this.outbox.settle(record.id, outcome);
    if (outcome.state === 'PENDING') return;
    this.settled.inc({ outcome: outcome.state === 'DELIVERED' ? 'delivered' : 'failed' });
    await this.noteOnMessage(record, result);
  }

  private async tryOnce(record: CallbackRecord): Promise<CallbackTry> {
    const app = await this.apps.get(record.appId);
    return this.sender.tryOnce(
      { url: record.url, secret: app.callbackSecret },
      record.body,
      record.eventId,
    );
  }

  private outcomeOf(record: CallbackRecord, result: CallbackTry): CallbackOutcome {
    const at = this.clock.now();
    const tried = {
      at,
      ...(result.kind === 'refused' || result.status === undefined
        ? {}
        : { status: result.status }),
      ...(result.kind === 'delivered' ? {} : { error: result.error }),
    };
    if (result.kind === 'delivered') return { try: tried, state: 'DELIVERED', nextTryAt: at };
    // Waits run out after as many failed tries: the last one gives up.
    if (result.kind === 'refused' || record.tries.length >= this.delaysMs.length) {
      return { try: tried, state: 'FAILED', nextTryAt: at };
    }
    const delay = this.delaysMs[record.tries.length];
    return { try: tried, state: 'PENDING', nextTryAt: new Date(at.getTime() + delay) };
  }

  private async noteOnMessage(record: CallbackRecord, result: CallbackTry): Promise<void> {
    const now = this.clock.now();
    if (result.kind === 'delivered') {
      const detail = `${record.status} delivered (${result.status})`;
      await this.log.appendEvents(record.messageId, [{ type: 'callback', at: now, detail }], now);
      return;
    }
    const detail = `${record.status} failed after ${record.tries.length + 1} tries: ${result.error}`;
    await this.log.appendEvents(record.messageId, [{ type: 'callback', at: now, detail }], now);
    this.logger.warn(`Callback ${record.eventId} of ${record.messageId} gave up: ${result.error}`);
  }
}
