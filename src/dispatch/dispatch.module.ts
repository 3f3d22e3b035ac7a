import { type DynamicModule, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { Clock } from '../common/clock/clock';
import { oncePerSettings } from '../common/modules/once-per-settings';
import { OutboundUrlPolicy } from '../common/http/outbound-url';
import { BullMqDispatchQueue } from './bullmq-dispatch.queue';
import { DispatchQueue } from './dispatch.queue';
import { Dispatcher } from './dispatcher';
import { InProcessDispatchQueue } from './in-process-dispatch.queue';
import { AppsModule } from '../identity/apps/apps.module';
import { MemoryMessageStore } from '../message-log/memory-message.store';
import {
  DISPATCH_LOCK_MODEL,
  DispatchLockSchema,
  IDEMPOTENCY_KEY_MODEL,
  IdempotencyKeySchema,
  MESSAGE_MODEL,
  MessageSchema,
} from '../message-log/message.schema';
import { MessageStore } from '../message-log/message.store';
import { MessageUpdates } from './message-updates';
import { MessagesService } from '../sending/send.service';
import { MongoMessageStore } from '../message-log/mongo-message.store';
import { ProvidersModule } from './providers/providers.module';
import { StatusCallbackSender } from './callbacks/status-callback';
import { StatusNotifier } from './callbacks/status-notifier';
import { StatusAnnouncer } from './status-announcer';
import { SendPreparers } from './send-preparers';
import { Sweeper } from './sweeper';

/**
 * The pipeline: store (MongoDB or memory), queue (BullMQ or in-process), dispatcher, sweeper,
 * status callbacks. Adapters are chosen here, once, from the settings; apps are read for their
 * callback settings, the provider registry for each channel's providers.
 */
@Module({})
export class MessagesModule {
  static readonly forRoot = oncePerSettings((settings): DynamicModule => {
    const mongo = settings.mongodbUri !== undefined;
    const redisUrl = settings.redisUrl;
    return {
      module: MessagesModule,
      imports: [
        ...(mongo
          ? [
              MongooseModule.forFeature([
                { name: MESSAGE_MODEL, schema: MessageSchema },
                { name: IDEMPOTENCY_KEY_MODEL, schema: IdempotencyKeySchema },
                { name: DISPATCH_LOCK_MODEL, schema: DispatchLockSchema },
              ]),
            ]
          : []),
        AppsModule.forRoot(settings),
        ProvidersModule.forRoot(settings),
      ],
      providers: [
        { provide: MessageStore, useClass: mongo ? MongoMessageStore : MemoryMessageStore },
        {
          provide: DispatchQueue,
          inject: [Clock],
          useFactory: (clock: Clock) =>
            redisUrl
              ? new BullMqDispatchQueue(redisUrl, undefined, clock)
              : new InProcessDispatchQueue(clock),
        },
        OutboundUrlPolicy,
        StatusCallbackSender,
        StatusNotifier,
        MessageUpdates,
        StatusAnnouncer,
        MessagesService,
        Dispatcher,
        SendPreparers,
        Sweeper,
      ],
      exports: [
        MessageStore,
        DispatchQueue,
        MessagesService,
        MessageUpdates,
        StatusNotifier,
        StatusAnnouncer,
        OutboundUrlPolicy,
        SendPreparers,
      ],
    };
  });
}
