import { type StoredContent, strings } from './stored-content';

/**
 * An address as suppression lists and recipient events hold it: lower-cased (mail systems treat
 * the case of the local part as insignificant in practice, and providers report addresses in
 * whatever case they saw), the bare address of a `Name <address>` form.
 */
export function normalAddress(value: string): string {
  const bracketed = /<([^<>]+)>\s*$/.exec(value);
  return (bracketed?.[1] ?? value).trim().toLowerCase();
}

/** Every recipient of an email message, to, cc and bcc, normalised, each once. */
export function emailRecipients(message: {
  readonly to: readonly string[];
  readonly content: StoredContent;
}): readonly string[] {
  const all = [...message.to, ...strings(message.content.cc), ...strings(message.content.bcc)];
  return [...new Set(all.map(normalAddress))];
}
