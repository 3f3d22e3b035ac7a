import { type DynamicModule, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { oncePerSettings } from '../../common/modules/once-per-settings';
import { InboxFeed } from './inbox-feed';
import { InboxDelivery, InboxProviderFactory } from './inbox.provider';
import { NOTIFICATION_MODEL, NotificationSchema } from './inbox.schema';
import { InboxStore } from './inbox.store';
import { InboxSweeper } from './inbox.sweeper';
import { MemoryInboxStore } from './memory-inbox.store';
import { MongoInboxStore } from './mongo-inbox.store';

/**
 * Users' notifications: their store (in MongoDB when the messages are, else in memory), the feed
 * that tells open streams of new ones, the `inbox` provider type that writes them and the sweeper
 * that purges them. Apart from the channel's routes, so that the provider registry can import
 * the `inbox` type without the pipeline those routes send through.
 */
@Module({})
export class InboxStoreModule {
  static readonly forRoot = oncePerSettings((settings): DynamicModule => {
    const mongo = settings.mongodbUri !== undefined;
    return {
      module: InboxStoreModule,
      imports: mongo
        ? [MongooseModule.forFeature([{ name: NOTIFICATION_MODEL, schema: NotificationSchema }])]
        : [],
      providers: [
        { provide: InboxStore, useClass: mongo ? MongoInboxStore : MemoryInboxStore },
        InboxFeed,
        InboxDelivery,
        InboxProviderFactory,
        InboxSweeper,
      ],
      exports: [InboxStore, InboxFeed, InboxProviderFactory],
    };
  });
}
