import { ValidationFailed } from '../errors/api-error';
import { decodeCursor, encodeCursor } from './cursor';

/** The ValidationFailed that decoding `cursor` raises; fails the test otherwise. */
function rejectionOf(cursor: string): ValidationFailed {
  try {
    decodeCursor(cursor);
  } catch (error) {
    if (error instanceof ValidationFailed) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(cursor)} to be rejected`);
}

describe('cursors', () => {
  describe('round trip', () => {
    it.each([
      'app_01HZX3Q9V7K2M4N6P8R0S2T4V6',
      'a',
      '2024-05-01T12:00:00.000Z|msg_123',
      'with spaces, slashes / and pluses +',
      '???>>>~~~', // encodes to base64url's own "-" and "_" characters
      'ünïcødé ✓ 日本語 🚀',
    ])('decodes what it encoded: %j', (position) => {
      expect(decodeCursor(encodeCursor(position))).toBe(position);
    });

    it('produces URL-safe text without padding', () => {
      const cursor = encodeCursor('???>>>~~~ab');
      expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(cursor).toContain('-');
      expect(cursor).toContain('_');
    });

    it('does not show the position in the clear', () => {
      expect(encodeCursor('app_123')).not.toContain('app_123');
    });

    it('treats a missing cursor as the first page', () => {
      expect(decodeCursor(undefined)).toBeUndefined();
    });
  });

  describe('rejection', () => {
    const valid = encodeCursor('app_01HZX3Q9V7K2M4N6P8R0S2T4V6');
    const invalidUtf8 = Buffer.from([0x61, 0xff, 0xfe, 0x62]).toString('base64url');

    it.each([
      ['an empty cursor', ''],
      ['characters outside base64url', '!!!!'],
      ['standard base64 "+"', encodeCursor('>>>').replace(/-/g, '+')],
      ['standard base64 "/"', encodeCursor('???').replace(/_/g, '/')],
      ['padding', `${encodeCursor('ab')}=`],
      ['surrounding whitespace', ` ${valid} `],
      ['an inserted character outside the alphabet', `${valid.slice(0, 5)}.${valid.slice(5)}`],
      ['a stray trailing character', `${valid}A`],
      ['non-zero padding bits in the last character', `${encodeCursor('ab').slice(0, -1)}J`],
      ['bytes that are not UTF-8', invalidUtf8],
      ['a URL-encoded cursor', encodeURIComponent(`${valid}==`)],
    ])('rejects %s', (_label, cursor) => {
      const error = rejectionOf(cursor);

      expect(error.status).toBe(400);
      expect(error.code).toBe('VALIDATION_ERROR');
      expect(error.details).toHaveLength(1);
      expect(error.details![0]).toEqual({
        field: 'cursor',
        code: 'invalid_cursor',
        message: expect.any(String),
      });
    });

    it('rejects with an error the API answers as it is', () => {
      expect(rejectionOf('%%%').toBody()).toEqual({
        code: 'VALIDATION_ERROR',
        message: 'The request is not valid.',
        details: [
          {
            field: 'cursor',
            code: 'invalid_cursor',
            message: 'cursor is not one this API returned',
          },
        ],
      });
    });
  });
});
