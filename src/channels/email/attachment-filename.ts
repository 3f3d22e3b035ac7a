import { withoutControlCharacters } from '../../contract/content/control-characters';

/** Longest stored filename in UTF-8 bytes: what common file systems take. */
export const MAX_FILENAME_BYTES = 255;

/** Name given to an attachment whose filename has nothing left after cleaning. */
const FALLBACK_STEM = 'attachment';

/**
 * Invisible formatting characters: zero-width spaces and joiners, direction marks and
 * overrides (U+202E makes `invoice\u202Efdp.exe` display as `invoiceexe.pdf`), the BOM.
 */
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/gu;
/** Characters Windows refuses in a filename; separators are handled before. */
const RESERVED = /[<>:"|?*]/gu;
/** Device names Windows will not open as files, whatever the extension. */
const DEVICE_NAME = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/iu;
/** An extension worth keeping when the name is shortened. */
const SAFE_EXTENSION = /^\.[A-Za-z0-9]{1,16}$/u;

const utf8Bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

/** `text` cut to at most `maxBytes` UTF-8 bytes, never inside a character. */
function truncateUtf8(text: string, maxBytes: number): string {
  let kept = '';
  let bytes = 0;
  for (const character of text) {
    bytes += utf8Bytes(character);
    if (bytes > maxBytes) break;
    kept += character;
  }
  return kept;
}

/** Leading dots (hidden files, `..`) and trailing dots and spaces (which Windows drops). */
const trimDots = (name: string): string => name.replace(/^[.\s]+/u, '').replace(/[.\s]+$/u, '');

/** The name's extension when it is a safe one to keep (`.pdf`), else ''. */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? name.slice(dot) : '';
  return SAFE_EXTENSION.test(extension) ? extension : '';
}

/**
 * A filename safe to put in a MIME header and to save on any system: the last path segment
 * only, control and invisible characters removed, characters Windows refuses replaced, no
 * leading dots, no trailing dots or spaces, at most 255 UTF-8 bytes with the extension kept.
 * Unicode letters stay (providers encode them per RFC 2231).
 */
export function sanitizeFilename(raw: string): string {
  const lastSegment = raw.normalize('NFC').split(/[/\\]/u).at(-1) ?? '';
  const cleaned = trimDots(
    withoutControlCharacters(lastSegment)
      .replace(INVISIBLE, '')
      .replace(RESERVED, '_')
      .replace(/\s+/gu, ' '),
  );
  const extension = extensionOf(cleaned);
  let stem = extension ? cleaned.slice(0, -extension.length) : cleaned;
  if (DEVICE_NAME.test(stem)) stem = `_${stem}`;
  stem = trimDots(truncateUtf8(stem, MAX_FILENAME_BYTES - utf8Bytes(extension)));
  return `${stem || FALLBACK_STEM}${extension}`;
}
