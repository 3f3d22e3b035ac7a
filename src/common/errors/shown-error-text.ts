/** Longest error text shown to operators; a vendor's raw answer is cut well before this. */
export const SHOWN_ERROR_TEXT_MAX = 200;

const REDACTED = '[redacted]';
/** Shortest configured value that is hidden wherever it appears (shorter ones are not secrets). */
const MIN_HIDDEN_LENGTH = 6;

/** `scheme://user:password@host` → `scheme://[redacted]@host`. */
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@]+@/gi;
/** `Authorization: Bearer …`, `Basic …`, `Bearer …`. */
const AUTH_SCHEME = /\b(bearer|basic)\s+[^\s,;"']+/gi;
/** `token=…`, `"password": "…"`, `api_key: …` and the like: the name stays, the value goes. */
const NAMED_SECRET =
  /((?:auth|access|refresh|api|private|client|session)?[-_]?(?:token|secret|password|passwd|pass|key|signature|credentials?|authorization)["']?\s*[:=]\s*["']?)[^\s,;&"'}]+/gi;
/** A long opaque run of letters and digits (a key, a token, a signature). */
const OPAQUE_RUN = /(?=[A-Za-z0-9+/=_.-]*\d)(?=[A-Za-z0-9+/=_.-]*[A-Za-z])[A-Za-z0-9+/=_.-]{32,}/g;
// Control characters: a raw body's line breaks and escapes become plain spaces.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]+/g;

/**
 * An error's text as it may be shown to operators: one line, at most `SHOWN_ERROR_TEXT_MAX`
 * characters, with every `hidden` value (the credentials of whoever failed) and anything that
 * looks like a credential replaced by `[redacted]`. Hidden values are taken out before the
 * text is cut, so that no prefix of one survives.
 */
export function shownErrorText(text: string, hidden: readonly string[] = []): string {
  let shown = text;
  for (const value of hidden) {
    if (value.length >= MIN_HIDDEN_LENGTH) shown = shown.split(value).join(REDACTED);
  }
  shown = shown
    .replace(CONTROL, ' ')
    .replace(URL_CREDENTIALS, `$1${REDACTED}@`)
    .replace(AUTH_SCHEME, `$1 ${REDACTED}`)
    .replace(NAMED_SECRET, `$1${REDACTED}`)
    .replace(OPAQUE_RUN, REDACTED)
    .replace(/\s+/g, ' ')
    .trim();
  if (shown.length <= SHOWN_ERROR_TEXT_MAX) return shown;
  return `${shown.slice(0, SHOWN_ERROR_TEXT_MAX - 1)}…`;
}
