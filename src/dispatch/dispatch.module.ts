import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { Clock } from '../common/clock/clock';
import { oncePerSettings } from '../common/modules/once-per-settings';
import { BullMqDispatchQueue } from './bullmq-dispatch.queue';
import { DispatchQueue } from './dispatch.queue';
import { Dispatcher } from './dispatcher';
import { InProcessDispatchQueue } from './in-process-dispatch.queue';
import { AppsModule } from '../identity/apps.module';
import { MemoryMessageLog } from '../message-log/memory-message-log';
import { MemoryMessages } from '../message-log/memory-messages';
import { MessageLog } from '../message-log/message-log';
import { MESSAGE_MODEL, MessageSchema } from '../message-log/message.schema';
import { MongoMessageDocuments } from '../message-log/mongo-message-documents';
import { MongoMessageLog } from '../message-log/mongo-message-log';
import { DispatchClaims } from './dispatch-claims';
import { DISPATCH_LOCK_MODEL, DispatchLockSchema } from './dispatch-lock.schema';
import { MemoryDispatchClaims } from './memory-dispatch-claims';
import { MongoDispatchClaims } from './mongo-dispatch-claims';
import { IDEMPOTENCY_KEY_MODEL, IdempotencyKeySchema } from '../idempotency/idempotency-key.schema';
import { IdempotencyKeys } from '../idempotency/idempotency-keys';
import { MemoryIdempotencyKeys } from '../idempotency/memory-idempotency-keys';
import { MongoIdempotencyKeys } from '../idempotency/mongo-idempotency-keys';
import { MessageUpdates } from './message-updates';
import { ProvidersModule } from './providers/providers.module';
import { StatusCallbackSender } from './callbacks/status-callback';
import { StatusNotifier } from './callbacks/status-notifier';
import { CallbackOutbox } from './callbacks/callback-outbox';
import { CALLBACK_MODEL, CallbackSchema } from './callbacks/callback-outbox.schema';
import { CallbackWorker } from './callbacks/callback-worker';
import { MemoryCallbackOutbox } from './callbacks/memory-callback-outbox';
import { MongoCallbackOutbox } from './callbacks/mongo-callback-outbox';
import { StatusAnnouncer } from './status-announcer';
import { SendPreparers } from './send-preparers';
import { Sweeper } from './sweeper';
import { PipelineGauges } from './pipeline-gauges';
import { PipelineMetrics } from './pipeline-metrics';
import { ProviderCall } from './provider-call';
import { ProviderFailures } from './provider-failures';

/** In MongoDB: the log and its claims share the messages collection (`MongoMessageDocuments`). */
const mongoStores: Provider[] = [
  MongoMessageDocuments,
  { provide: MessageLog, useClass: MongoMessageLog },
  { provide: DispatchClaims, useClass: MongoDispatchClaims },
  { provide: IdempotencyKeys, useClass: MongoIdempotencyKeys },
  { provide: CallbackOutbox, useClass: MongoCallbackOutbox },
];

/** The same in memory: the log and its claims share one table of messages, of bounded size. */
const memoryStores = (maxMessages: number): Provider[] => [
  { provide: MemoryMessages, useValue: new MemoryMessages(maxMessages) },
  { provide: MessageLog, useClass: MemoryMessageLog },
  { provide: DispatchClaims, useClass: MemoryDispatchClaims },
  { provide: IdempotencyKeys, useClass: MemoryIdempotencyKeys },
  { provide: CallbackOutbox, useClass: MemoryCallbackOutbox },
];

/**
 * The pipeline: store (MongoDB or memory), queue (BullMQ or in-process), dispatcher, sweeper,
 * status callbacks, and its metrics. Adapters are chosen here, once, from the settings; apps are
 * read for their callback settings, the provider registry for each channel's providers. An API
 * process (`ROLE=api`) only writes and queues: the dispatcher, the sweeper and the callback worker
 * run in the workers.
 */
@Module({})
export class DispatchModule {
  static readonly forRoot = oncePerSettings((settings): DynamicModule => {
    const mongo = settings.mongodbUri !== undefined;
    const redisUrl = settings.redisUrl;
    return {
      module: DispatchModule,
      imports: [
        ...(mongo
          ? [
              MongooseModule.forFeature([
                { name: MESSAGE_MODEL, schema: MessageSchema },
                { name: IDEMPOTENCY_KEY_MODEL, schema: IdempotencyKeySchema },
                { name: DISPATCH_LOCK_MODEL, schema: DispatchLockSchema },
                { name: CALLBACK_MODEL, schema: CallbackSchema },
              ]),
            ]
          : []),
        AppsModule.forRoot(settings),
        ProvidersModule.forRoot(settings),
      ],
      providers: [
        ...(mongo ? mongoStores : memoryStores(settings.limits.memoryStoreMaxMessages)),
        {
          provide: DispatchQueue,
          inject: [Clock],
          useFactory: (clock: Clock) =>
            redisUrl
              ? new BullMqDispatchQueue(redisUrl, undefined, clock)
              : new InProcessDispatchQueue(clock),
        },
        StatusCallbackSender,
        StatusNotifier,
        MessageUpdates,
        StatusAnnouncer,
        SendPreparers,
        ...(settings.role === 'api' ? [] : [Dispatcher, Sweeper, CallbackWorker]),
        PipelineMetrics,
        PipelineGauges,
        ProviderCall,
        ProviderFailures,
      ],
      exports: [
        MessageLog,
        DispatchClaims,
        IdempotencyKeys,
        DispatchQueue,
        MessageUpdates,
        StatusNotifier,
        StatusAnnouncer,
        SendPreparers,
        PipelineMetrics,
        ProviderFailures,
        CallbackOutbox,
      ],
    };
  });
}
