import { type DynamicModule, Module } from '@nestjs/common';
import { oncePerSettings } from '../../common/modules/once-per-settings';
import { DispatchModule } from '../../dispatch/dispatch.module';
import { SendingModule } from '../../sending/sending.module';
import { AppsModule } from '../../identity/apps.module';
import { InappController } from './inapp.controller';
import { InappService } from './inapp.service';
import { InboxStoreModule } from './inbox-store.module';
import { InboxController } from './inbox.controller';
import { InboxService } from './inbox.service';
import {
  DEFAULT_STREAM_TIMING,
  INBOX_STREAM_LIMITS,
  INBOX_STREAM_TIMING,
  InboxStreams,
} from './inbox-stream';

/**
 * The in-app channel: `POST /messages/inapp` and users' inboxes (list, read, delete, live
 * stream), over the notifications of the inbox store module. The service is what broadcasts
 * call too.
 */
@Module({})
export class InboxModule {
  static readonly forRoot = oncePerSettings((settings): DynamicModule => ({
    module: InboxModule,
    imports: [
      InboxStoreModule.forRoot(settings),
      DispatchModule.forRoot(settings),
      SendingModule.forRoot(settings),
      AppsModule.forRoot(settings),
    ],
    controllers: [InappController, InboxController],
    providers: [
      { provide: INBOX_STREAM_TIMING, useValue: DEFAULT_STREAM_TIMING },
      { provide: INBOX_STREAM_LIMITS, useValue: settings.limits.streams },
      InboxService,
      InboxStreams,
      InappService,
    ],
    exports: [InappService],
  }));
}
