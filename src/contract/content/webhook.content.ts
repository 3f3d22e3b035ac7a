import { type StoredContent, subjectAndBody } from './stored-content';

/** What a webhook message stores as its content, and what webhook providers read. */
export interface WebhookContent {
  readonly subject?: string;
  readonly body: string;
}

/**
 * Reads a stored webhook content with checks rather than trusting it, since the store holds
 * plain data. Undefined when it has no text body: there is nothing to post.
 */
export function readWebhookContent(content: StoredContent): WebhookContent | undefined {
  return subjectAndBody(content);
}
