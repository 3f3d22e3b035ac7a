/** What an in-app message stores as its content, and what the `inbox` provider reads. */
export interface InappContent {
  readonly subject?: string;
  readonly body: string;
}

/** The content of a stored message, read back with checks: the store holds plain data. */
export function inappContentOf(
  content: Readonly<Record<string, unknown>>,
): InappContent | undefined {
  const { subject, body } = content;
  if (typeof body !== 'string') return undefined;
  return typeof subject === 'string' ? { subject, body } : { body };
}
