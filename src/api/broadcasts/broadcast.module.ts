import { type DynamicModule, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { oncePerSettings } from '../../common/modules/once-per-settings';
import { EmailModule } from '../../channels/email/email.module';
import { InboxModule } from '../../channels/inapp/inbox.module';
import { PushModule } from '../../channels/push/push.module';
import { SmsModule } from '../../channels/sms/sms.module';
import { VoiceModule } from '../../channels/voice/voice.module';
import { WebhookModule } from '../../channels/webhook/webhook.module';
import { WhatsappModule } from '../../channels/whatsapp/whatsapp.module';
import { BroadcastController } from './broadcast.controller';
import {
  BROADCAST_KEY_MODEL,
  BROADCAST_MODEL,
  BroadcastKeySchema,
  BroadcastSchema,
} from './broadcast.schema';
import { BroadcastService } from './broadcast.service';
import { BroadcastStore } from './broadcast.store';
import { channelSenderProvider } from './channel-sender';
import { MemoryBroadcastStore } from './memory-broadcast.store';
import { MongoBroadcastStore } from './mongo-broadcast.store';

/**
 * Broadcasts through the channel modules' services; kept in MongoDB when the messages are, else
 * in memory.
 */
@Module({})
export class BroadcastModule {
  static readonly forRoot = oncePerSettings((settings): DynamicModule => {
    const mongo = settings.mongodbUri !== undefined;
    return {
      module: BroadcastModule,
      imports: [
        ...(mongo
          ? [
              MongooseModule.forFeature([
                { name: BROADCAST_MODEL, schema: BroadcastSchema },
                { name: BROADCAST_KEY_MODEL, schema: BroadcastKeySchema },
              ]),
            ]
          : []),
        EmailModule.forRoot(settings),
        SmsModule,
        WhatsappModule,
        VoiceModule,
        WebhookModule,
        InboxModule.forRoot(settings),
        PushModule,
      ],
      controllers: [BroadcastController],
      providers: [
        { provide: BroadcastStore, useClass: mongo ? MongoBroadcastStore : MemoryBroadcastStore },
        BroadcastService,
        channelSenderProvider,
      ],
    };
  });
}
