/**
 * A subject as the dialects' schemas state it, in one pattern: one line (no control character
 * but the tab, as a header value) with a character that is not white space (a subject of only
 * white space is a missing one).
 */
export const VISIBLE_LINE =
  '^[^\\x00-\\x08\\x0a-\\x1f\\x7f]*[^\\x00-\\x20\\x7f\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff][^\\x00-\\x08\\x0a-\\x1f\\x7f]*$';
