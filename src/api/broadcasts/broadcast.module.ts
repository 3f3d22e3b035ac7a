import { type DynamicModule, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import type { Settings } from '../../common/config/settings';
import { BroadcastController } from './broadcast.controller';
import { BROADCAST_MODEL, BroadcastSchema } from './broadcast.schema';
import { BroadcastService } from './broadcast.service';
import { BroadcastStore } from './broadcast.store';
import { ChannelSender } from './channel-sender';
import { MemoryBroadcastStore } from './memory-broadcast.store';
import { MongoBroadcastStore } from './mongo-broadcast.store';

/** Broadcasts over the channel modules; kept in MongoDB when the messages are, else in memory. */
@Module({})
export class BroadcastModule {
  static forRoot(settings: Settings): DynamicModule {
    const mongo = settings.mongodbUri !== undefined;
    return {
      module: BroadcastModule,
      imports: mongo
        ? [MongooseModule.forFeature([{ name: BROADCAST_MODEL, schema: BroadcastSchema }])]
        : [],
      controllers: [BroadcastController],
      providers: [
        { provide: BroadcastStore, useClass: mongo ? MongoBroadcastStore : MemoryBroadcastStore },
        BroadcastService,
        ChannelSender,
      ],
    };
  }
}
