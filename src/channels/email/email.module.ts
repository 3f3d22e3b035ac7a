import { type DynamicModule, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { oncePerSettings } from '../../common/modules/once-per-settings';
import { ATTACHMENT_CHUNK_MODEL, AttachmentChunkSchema } from './attachment.schema';
import { AttachmentLoader } from './attachment.loader';
import { AttachmentStore } from './attachment.store';
import { AttachmentSweeper } from './attachment.sweeper';
import { EmailController } from './email.controller';
import { EmailService } from './email.service';
import { MemoryAttachmentStore } from './memory-attachment.store';
import { MongoAttachmentStore } from './mongo-attachment.store';

/**
 * The email channel's send route, and the attachment bytes it keeps until each send settles:
 * in MongoDB when the messages are, else in memory. The service is what broadcasts call too.
 */
@Module({})
export class EmailModule {
  static readonly forRoot = oncePerSettings((settings): DynamicModule => {
    const mongo = settings.mongodbUri !== undefined;
    return {
      module: EmailModule,
      imports: mongo
        ? [
            MongooseModule.forFeature([
              { name: ATTACHMENT_CHUNK_MODEL, schema: AttachmentChunkSchema },
            ]),
          ]
        : [],
      controllers: [EmailController],
      providers: [
        {
          provide: AttachmentStore,
          useClass: mongo ? MongoAttachmentStore : MemoryAttachmentStore,
        },
        EmailService,
        AttachmentLoader,
        AttachmentSweeper,
      ],
      exports: [EmailService],
    };
  });
}
