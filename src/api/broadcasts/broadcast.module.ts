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
import { DispatchModule } from '../../dispatch/dispatch.module';
import { SendingModule } from '../../sending/sending.module';
import { BroadcastController } from './broadcast.controller';
import { BROADCAST_MODEL, BroadcastSchema } from './broadcast.schema';
import { BroadcastService } from './broadcast.service';
import { BroadcastStore } from './broadcast.store';
import { channelSenderProvider } from './channel-sender';
import { MemoryBroadcastStore } from './memory-broadcast.store';
import { MongoBroadcastStore } from './mongo-broadcast.store';

/**
 * Broadcasts through the channel modules' services, each reported with its message from the
 * pipeline's store; kept in MongoDB when the messages are, else in memory.
 */
@Module({})
export class BroadcastModule {
  static readonly forRoot = oncePerSettings((settings): DynamicModule => {
    const mongo = settings.mongodbUri !== undefined;
    return {
      module: BroadcastModule,
      imports: [
        ...(mongo
          ? [MongooseModule.forFeature([{ name: BROADCAST_MODEL, schema: BroadcastSchema }])]
          : []),
        SendingModule.forRoot(settings),
        DispatchModule.forRoot(settings),
        EmailModule.forRoot(settings),
        SmsModule.forRoot(settings),
        WhatsappModule.forRoot(settings),
        VoiceModule.forRoot(settings),
        WebhookModule.forRoot(settings),
        InboxModule.forRoot(settings),
        PushModule.forRoot(settings),
      ],
      controllers: [BroadcastController],
      providers: [
        { provide: BroadcastStore, useClass: mongo ? MongoBroadcastStore : MemoryBroadcastStore },
        BroadcastService,
        channelSenderProvider,
      ],
      exports: [BroadcastService],
    };
  });
}
