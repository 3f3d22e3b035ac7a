/** What a webhook message stores as its content, and what webhook providers read. */
export interface WebhookContent {
  readonly subject?: string;
  readonly body: string;
}

/**
 * The content of a stored webhook message, read with checks rather than trusted: the store
 * holds content as plain data. Undefined when it has no text body.
 */
export function webhookContentOf(
  content: Readonly<Record<string, unknown>>,
): WebhookContent | undefined {
  const { subject, body } = content;
  if (typeof body !== 'string') return undefined;
  return typeof subject === 'string' ? { subject, body } : { body };
}
