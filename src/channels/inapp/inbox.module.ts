import { type DynamicModule, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { oncePerSettings } from '../../common/modules/once-per-settings';
import { InappController } from './inapp.controller';
import { InappService } from './inapp.service';
import { InboxController } from './inbox.controller';
import { InboxFeed } from './inbox-feed';
import { InboxDelivery, InboxProviderFactory } from './inbox.provider';
import { NOTIFICATION_MODEL, NotificationSchema } from './inbox.schema';
import { InboxService } from './inbox.service';
import { InboxStore } from './inbox.store';
import { DEFAULT_STREAM_TIMING, INBOX_STREAM_TIMING, InboxStreams } from './inbox-stream';
import { InboxSweeper } from './inbox.sweeper';
import { MemoryInboxStore } from './memory-inbox.store';
import { MongoInboxStore } from './mongo-inbox.store';

/**
 * The in-app channel: `POST /messages/inapp`, the `inbox` provider that stores notifications,
 * and users' inboxes (list, read, delete, live stream). Global so that the provider registry
 * finds the `inbox` provider type; the service is what broadcasts call too.
 */
@Module({})
export class InboxModule {
  static readonly forRoot = oncePerSettings((settings): DynamicModule => {
    const mongo = settings.mongodbUri !== undefined;
    return {
      module: InboxModule,
      global: true,
      imports: mongo
        ? [MongooseModule.forFeature([{ name: NOTIFICATION_MODEL, schema: NotificationSchema }])]
        : [],
      controllers: [InappController, InboxController],
      providers: [
        { provide: InboxStore, useClass: mongo ? MongoInboxStore : MemoryInboxStore },
        { provide: INBOX_STREAM_TIMING, useValue: DEFAULT_STREAM_TIMING },
        InboxFeed,
        InboxDelivery,
        InboxProviderFactory,
        InboxService,
        InboxStreams,
        InboxSweeper,
        InappService,
      ],
      exports: [InboxProviderFactory, InappService],
    };
  });
}
