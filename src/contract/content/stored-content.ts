/**
 * A message's content as the store gives it back: plain data. The channel readers beside this
 * file read each field for the type it should have, with the primitives below, and anything
 * else counts as absent.
 */
export type StoredContent = Readonly<Record<string, unknown>>;

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A non-empty string. */
export const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/** A string as stored, the empty one included. */
export const stringOf = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : undefined;

/** The non-empty strings of a list; a single one may be stored as a string. */
export const texts = (value: unknown): string[] =>
  (Array.isArray(value) ? value : [value]).filter(
    (item): item is string => typeof item === 'string' && item !== '',
  );

/** The strings of a list, the empty one included; anything but a list has none. */
export const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];

export const integer = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isInteger(value) ? value : undefined;

/** The records (objects) of a list, skipping anything else. */
export const records = (value: unknown): Record<string, unknown>[] =>
  Array.isArray(value) ? value.filter(isRecord) : [];

/** A string→string map (headers, template variables) without its other values. */
export function stringMap(value: unknown): Record<string, string> | undefined {
  if (!isRecord(value)) return undefined;
  return Object.fromEntries(
    Object.entries(value).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string',
    ),
  );
}

/** A text body with an optional subject, as the webhook and in-app contents hold them. */
export interface SubjectAndBody {
  readonly subject?: string;
  readonly body: string;
}

/** The subject and body of a content, read as stored; undefined without a text body. */
export function subjectAndBody(content: StoredContent): SubjectAndBody | undefined {
  const body = stringOf(content.body);
  if (body === undefined) return undefined;
  const subject = stringOf(content.subject);
  return subject === undefined ? { body } : { subject, body };
}
