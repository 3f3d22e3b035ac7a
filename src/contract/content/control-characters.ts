/**
 * C0 controls (U+0000 to U+001F, CR and LF among them) and DEL. Checked by code point because
 * the lint rules keep control characters out of regular expressions.
 */
const isC0OrDelete = (code: number): boolean => code < 0x20 || code === 0x7f;

const TAB = 0x09;

/** Whether `text` holds a control character; a tab too unless `allowTab`. */
export function hasControlCharacter(text: string, allowTab = false): boolean {
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (isC0OrDelete(code) && !(allowTab && code === TAB)) return true;
  }
  return false;
}

/** `text` without C0 controls, DEL and the C1 controls (U+0080 to U+009F). */
export function withoutControlCharacters(text: string): string {
  let kept = '';
  for (const character of text) {
    const code = character.charCodeAt(0);
    if (!isC0OrDelete(code) && !(code >= 0x80 && code <= 0x9f)) kept += character;
  }
  return kept;
}
