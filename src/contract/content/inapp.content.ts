import { type StoredContent, subjectAndBody } from './stored-content';

/** What an in-app message stores as its content, and what the `inbox` provider reads. */
export interface InappContent {
  readonly subject?: string;
  readonly body: string;
}

/**
 * Reads a stored in-app content with checks rather than trusting it, since the store holds
 * plain data. Undefined when it has no text body: there is nothing to show.
 */
export function readInappContent(content: StoredContent): InappContent | undefined {
  return subjectAndBody(content);
}
