import { type DynamicModule, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { oncePerSettings } from '../../common/modules/once-per-settings';
import { DispatchModule } from '../../dispatch/dispatch.module';
import { EngagementModule } from '../../engagement/engagement.module';
import { AppsModule } from '../../identity/apps.module';
import { SendingModule } from '../../sending/sending.module';
import { SuppressionsModule } from '../../suppressions/suppressions.module';
import { TemplatesModule } from '../../templates/templates.module';
import { ATTACHMENT_CHUNK_MODEL, AttachmentChunkSchema } from './attachment.schema';
import { AttachmentLoader } from './attachment.loader';
import { AttachmentStore } from './attachment.store';
import { AttachmentSweeper } from './attachment.sweeper';
import { EmailController } from './email.controller';
import { EmailCopyController } from './email-copy.controller';
import { EmailCopyService } from './email-copy.service';
import { EmailEngagement } from './email-engagement';
import { RecipientCopies } from './recipient-copies';
import { RecipientCopiesPreparer } from './recipient-copies.preparer';
import { EmailService } from './email.service';
import { MemoryAttachmentStore } from './memory-attachment.store';
import { MongoAttachmentStore } from './mongo-attachment.store';

/**
 * The email channel's send route, through the pipeline and with stored templates, and the
 * attachment bytes it keeps until each send settles: in MongoDB when the messages are, else in
 * memory; each recipient's copy with its engagement links, and the route that shows one. The
 * service is what broadcasts call too.
 *
 * The suppression list's module is imported for the order of the pipeline's email preparers:
 * an imported module starts first, so its check registers before the attachment loader and a
 * suppressed address is refused before any attachment is read.
 */
@Module({})
export class EmailModule {
  static readonly forRoot = oncePerSettings((settings): DynamicModule => {
    const mongo = settings.mongodbUri !== undefined;
    return {
      module: EmailModule,
      imports: [
        ...(mongo
          ? [
              MongooseModule.forFeature([
                { name: ATTACHMENT_CHUNK_MODEL, schema: AttachmentChunkSchema },
              ]),
            ]
          : []),
        DispatchModule.forRoot(settings),
        AppsModule.forRoot(settings),
        SendingModule.forRoot(settings),
        TemplatesModule.forRoot(settings),
        SuppressionsModule.forRoot(settings),
        EngagementModule.forRoot(settings),
      ],
      controllers: [EmailController, EmailCopyController],
      providers: [
        {
          provide: AttachmentStore,
          useClass: mongo ? MongoAttachmentStore : MemoryAttachmentStore,
        },
        EmailService,
        EmailEngagement,
        AttachmentLoader,
        AttachmentSweeper,
        RecipientCopies,
        RecipientCopiesPreparer,
        EmailCopyService,
      ],
      exports: [EmailService],
    };
  });
}
