import type { TimePosition } from '../../common/database/keyset';
/** One in-app notification of one user of one app: what the `inbox` provider stores. */
export interface Notification {
  readonly id: string;
  readonly appId: string;
  readonly userId: string;
  /** The message that delivered it; reading the notification records an event on it. */
  readonly messageId: string;
  readonly subject?: string;
  readonly body: string;
  readonly metadata: Readonly<Record<string, string>>;
  readonly createdAt: Date;
  readonly readAt?: Date;
  /** Retention, like messages: gone after this time. */
  readonly expiresAt: Date;
}

/** A place in an inbox's order; (createdAt, id) is unique and stable under inserts. */
export type InboxPosition = TimePosition;

/** Whose inbox: an app's user. Built from the caller's credentials only. */
export interface InboxOwner {
  readonly appId: string;
  readonly userId: string;
}
