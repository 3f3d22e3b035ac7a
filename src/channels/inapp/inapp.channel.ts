import type { Registration } from '../../contract/registration';
import { InboxModule } from './inbox.module';
import { InboxProviderFactory } from './inbox.provider';
import { InboxStoreModule } from './inbox-store.module';

/**
 * In-app notifications, kept in users' inboxes by the channel's own `inbox` provider type. On
 * the embedded default the channel uses that real provider, which only writes to the service's
 * own store, so that notifications sent there can be read back from the inbox.
 */
export const inappChannel: Registration = {
  injectedProviderFactories: {
    module: (settings) => InboxStoreModule.forRoot(settings),
    factories: [InboxProviderFactory],
  },
  embeddedProvider: (channel) => (channel === 'inapp' ? { id: 'inbox', type: 'inbox' } : undefined),
  module: (settings) => InboxModule.forRoot(settings),
};
