import { createHmac, timingSafeEqual } from 'node:crypto';
import type { TimePosition } from '../database/keyset';
import { ValidationFailed } from '../errors/api-error';

const TAG_BYTES = 16;
const TIME_POSITION_TEXT = /^(\d{1,15})\.([A-Za-z0-9_]{1,64})$/;

/** An SSE `Last-Event-ID` header as the document states it: a time position's text, or empty. */
export const LAST_EVENT_ID_PATTERN = `^(${TIME_POSITION_TEXT.source.slice(1, -1)})?$`;

/** The answer to a cursor the API did not issue: 400 VALIDATION_ERROR `invalid_cursor`. */
const invalidCursor = (): ValidationFailed =>
  new ValidationFailed([
    { field: 'cursor', code: 'invalid_cursor', message: 'cursor is not one this API returned' },
  ]);

/** `createdAt ms.id`: the text of a time position, in page cursors and SSE event ids. */
export const timePositionText = (position: TimePosition): string =>
  `${position.createdAt.getTime()}.${position.id}`;

/** The position a text of `timePositionText` names; undefined for anything else. */
export function parseTimePosition(text: string): TimePosition | undefined {
  const match = TIME_POSITION_TEXT.exec(text);
  if (!match) return undefined;
  const [, ms = '', id = ''] = match;
  return { createdAt: new Date(Number(ms)), id };
}

const base64url = (text: string): string => Buffer.from(text, 'utf8').toString('base64url');

/** The text `encoded` holds, when it is exactly what `base64url` makes of a non-empty text. */
function textOf(encoded: string): string | undefined {
  const text = Buffer.from(encoded, 'base64url').toString('utf8');
  return text !== '' && base64url(text) === encoded ? text : undefined;
}

/**
 * Page cursors are opaque to callers, who pass them back unchanged. They hold a position, not a
 * permission: every query that uses one is still scoped by the caller's rights. A cursor is the
 * position's text in base64url; with a key it also carries a truncated HMAC of that, so that
 * the API can tell it issued the cursor. Either way a cursor it did not make is a 400, not a
 * silently different page.
 */
export class CursorCodec {
  /** `key` signs the cursors; without one they are plain. */
  constructor(private readonly key?: Buffer) {}

  encode(position: string): string {
    const payload = base64url(position);
    return this.key === undefined ? payload : `${payload}.${this.tag(this.key, payload)}`;
  }

  /** The position; undefined without a cursor; a 400 (`invalid_cursor`) for anything else. */
  decode(cursor: string | undefined): string | undefined {
    if (cursor === undefined) return undefined;
    const position = this.key === undefined ? textOf(cursor) : this.verified(this.key, cursor);
    if (position === undefined) throw invalidCursor();
    return position;
  }

  encodeTime(position: TimePosition): string {
    return this.encode(timePositionText(position));
  }

  /** The time position of a cursor of `encodeTime`, with `decode`'s answers. */
  decodeTime(cursor: string | undefined): TimePosition | undefined {
    const text = this.decode(cursor);
    if (text === undefined) return undefined;
    const position = parseTimePosition(text);
    if (!position) throw invalidCursor();
    return position;
  }

  private verified(key: Buffer, cursor: string): string | undefined {
    const parts = cursor.split('.');
    if (parts.length !== 2) return undefined;
    const [payload = '', tag = ''] = parts;
    const given = Buffer.from(tag, 'base64url');
    const expected = Buffer.from(this.tag(key, payload), 'base64url');
    const signed = given.length === expected.length && timingSafeEqual(given, expected);
    return signed ? textOf(payload) : undefined;
  }

  private tag(key: Buffer, payload: string): string {
    return createHmac('sha256', key)
      .update(payload)
      .digest()
      .subarray(0, TAG_BYTES)
      .toString('base64url');
  }
}

/** Cursors of positions that need no signature: ids and addresses the caller may read anyway. */
export const plainCursors = new CursorCodec();
