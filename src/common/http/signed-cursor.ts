import { createHmac, timingSafeEqual } from 'node:crypto';
import { ValidationFailed } from '../errors/api-error';

const TAG_BYTES = 16;

const invalid = (): ValidationFailed =>
  new ValidationFailed([
    { field: 'cursor', code: 'invalid_cursor', message: 'cursor is not one this API returned' },
  ]);

/**
 * Opaque page cursors that the API can tell it issued: a position as base64url JSON plus a
 * truncated HMAC. A tampered or made-up cursor is a 400, not a silently different page.
 */
export class SignedCursorCodec {
  constructor(private readonly key: Buffer) {}

  encode(position: unknown): string {
    const payload = Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
    return `${payload}.${this.tag(payload).toString('base64url')}`;
  }

  /** The position, or a 400 VALIDATION_ERROR (`invalid_cursor`) for anything else. */
  decode(cursor: string): unknown {
    const parts = cursor.split('.');
    if (parts.length !== 2) throw invalid();
    const [payload = '', tag = ''] = parts;
    if (payload === '' || tag === '') throw invalid();
    const given = Buffer.from(tag, 'base64url');
    const expected = this.tag(payload);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid();
    try {
      return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown;
    } catch {
      throw invalid();
    }
  }

  private tag(payload: string): Buffer {
    return createHmac('sha256', this.key).update(payload).digest().subarray(0, TAG_BYTES);
  }
}
