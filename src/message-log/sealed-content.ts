import type { SecretBox } from '../common/crypto/secret-box';
import { isRecord } from '../contract/content/stored-content';
import type { Message } from './message.model';

/**
 * What sealed content is bound to: its app, so that it opens on no other tenant's message. Not
 * the message id, which a keyed write may still change (`insertOnce` adopts a promised id).
 */
const contextOf = (appId: string): string => `app:${appId}:message-content`;

/** The part of a message's content that is a credential, sealed with ENCRYPTION_KEY. */
export function sealContent(
  box: SecretBox,
  appId: string,
  secret: Readonly<Record<string, unknown>>,
): string {
  return box.seal(JSON.stringify(secret), contextOf(appId));
}

/**
 * The content a provider is given: the stored content with the sealed part opened into it.
 * Throws `SecretUnreadableError` when the key that sealed it is gone.
 */
export function openContent(
  box: SecretBox,
  message: Pick<Message, 'appId' | 'content' | 'sealedContent'>,
): Readonly<Record<string, unknown>> {
  if (message.sealedContent === undefined) return message.content;
  const opened: unknown = JSON.parse(box.open(message.sealedContent, contextOf(message.appId)));
  return isRecord(opened) ? { ...message.content, ...opened } : message.content;
}

/** The sealed content sealed again with the current key (`cli re-encrypt`). */
export function resealContent(
  box: SecretBox,
  message: Pick<Message, 'appId'> & { readonly sealedContent: string },
): string {
  return box.reseal(message.sealedContent, contextOf(message.appId));
}
