import { type DynamicModule, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { Clock } from '../common/clock/clock';
import type { Settings } from '../common/config/settings';
import { OutboundUrlPolicy } from '../common/http/outbound-url';
import { BullMqDispatchQueue } from './bullmq-dispatch.queue';
import { DispatchQueue } from './dispatch.queue';
import { Dispatcher } from './dispatcher';
import { InProcessDispatchQueue } from './in-process-dispatch.queue';
import { MemoryMessageStore } from '../message-log/memory-message.store';
import {
  DISPATCH_LOCK_MODEL,
  DispatchLockSchema,
  MESSAGE_MODEL,
  MessageSchema,
} from '../message-log/message.schema';
import { IDEMPOTENCY_KEY_MODEL, IdempotencyKeySchema } from '../idempotency/idempotency-key.schema';
import { IdempotencyKeys } from '../idempotency/idempotency-keys';
import { MemoryIdempotencyKeys } from '../idempotency/memory-idempotency-keys';
import { MongoIdempotencyKeys } from '../idempotency/mongo-idempotency-keys';
import { MessageStore } from '../message-log/message.store';
import { MessageUpdates } from './message-updates';
import { MessagesService } from '../sending/send.service';
import { MongoMessageStore } from '../message-log/mongo-message.store';
import { StatusCallbackSender } from './callbacks/status-callback';
import { StatusNotifier } from './callbacks/status-notifier';
import { SendPreparers } from './send-preparers';
import { Sweeper } from './sweeper';

/**
 * The pipeline: store (MongoDB or memory), queue (BullMQ or in-process), dispatcher, sweeper,
 * status callbacks. Adapters are chosen here, once, from the settings.
 */
@Module({})
export class MessagesModule {
  static forRoot(settings: Settings): DynamicModule {
    const mongo = settings.mongodbUri !== undefined;
    const redisUrl = settings.redisUrl;
    return {
      module: MessagesModule,
      global: true,
      imports: mongo
        ? [
            MongooseModule.forFeature([
              { name: MESSAGE_MODEL, schema: MessageSchema },
              { name: IDEMPOTENCY_KEY_MODEL, schema: IdempotencyKeySchema },
              { name: DISPATCH_LOCK_MODEL, schema: DispatchLockSchema },
            ]),
          ]
        : [],
      providers: [
        { provide: MessageStore, useClass: mongo ? MongoMessageStore : MemoryMessageStore },
        {
          provide: IdempotencyKeys,
          useClass: mongo ? MongoIdempotencyKeys : MemoryIdempotencyKeys,
        },
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
        MessagesService,
        Dispatcher,
        SendPreparers,
        Sweeper,
      ],
      exports: [
        MessageStore,
        IdempotencyKeys,
        DispatchQueue,
        MessagesService,
        MessageUpdates,
        StatusNotifier,
        OutboundUrlPolicy,
        SendPreparers,
      ],
    };
  }
}
