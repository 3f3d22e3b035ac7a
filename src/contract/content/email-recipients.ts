/**
 * An address as suppression lists and recipient events hold it: lower-cased (mail systems treat
 * the case of the local part as insignificant in practice, and providers report addresses in
 * whatever case they saw), the bare address of a `Name <address>` form.
 */
export function normalAddress(value: string): string {
  const bracketed = /<([^<>]+)>\s*$/.exec(value);
  return (bracketed?.[1] ?? value).trim().toLowerCase();
}

const addressesIn = (value: unknown): readonly string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];

/** Every recipient of an email message, to, cc and bcc, normalised, each once. */
export function emailRecipients(message: {
  readonly to: readonly string[];
  readonly content: Readonly<Record<string, unknown>>;
}): readonly string[] {
  const all = [
    ...message.to,
    ...addressesIn(message.content.cc),
    ...addressesIn(message.content.bcc),
  ];
  return [...new Set(all.map(normalAddress))];
}
