import type { Registration } from '../../contract/registration';

/**
 * In-app notifications, kept in users' inboxes. On the embedded default the channel uses its
 * real `inbox` provider, which only writes to the service's own store, so that notifications
 * sent there can be read back from the inbox.
 */
export const inappChannel: Registration = {
  embeddedProvider: (channel) => (channel === 'inapp' ? { id: 'inbox', type: 'inbox' } : undefined),
};
