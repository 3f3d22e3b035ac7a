import { ValidationFailed } from '../errors/api-error';
import { CursorCodec, parseTimePosition, plainCursors, timePositionText } from './cursor';

/** The ValidationFailed that decoding `cursor` raises; fails the test otherwise. */
function rejectionOf(cursor: string, codec = plainCursors): ValidationFailed {
  try {
    codec.decode(cursor);
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
      expect(plainCursors.decode(plainCursors.encode(position))).toBe(position);
    });

    it('produces URL-safe text without padding', () => {
      const cursor = plainCursors.encode('???>>>~~~ab');
      expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(cursor).toContain('-');
      expect(cursor).toContain('_');
    });

    it('does not show the position in the clear', () => {
      expect(plainCursors.encode('app_123')).not.toContain('app_123');
    });

    it('treats a missing cursor as the first page', () => {
      expect(plainCursors.decode(undefined)).toBeUndefined();
    });
  });

  describe('rejection', () => {
    const valid = plainCursors.encode('app_01HZX3Q9V7K2M4N6P8R0S2T4V6');
    const invalidUtf8 = Buffer.from([0x61, 0xff, 0xfe, 0x62]).toString('base64url');

    it.each([
      ['an empty cursor', ''],
      ['characters outside base64url', '!!!!'],
      ['standard base64 "+"', plainCursors.encode('>>>').replace(/-/g, '+')],
      ['standard base64 "/"', plainCursors.encode('???').replace(/_/g, '/')],
      ['padding', `${plainCursors.encode('ab')}=`],
      ['surrounding whitespace', ` ${valid} `],
      ['an inserted character outside the alphabet', `${valid.slice(0, 5)}.${valid.slice(5)}`],
      ['a stray trailing character', `${valid}A`],
      ['non-zero padding bits in the last character', `${plainCursors.encode('ab').slice(0, -1)}J`],
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

  describe('signed', () => {
    const signed = new CursorCodec(Buffer.alloc(32, 7));
    const position = { createdAt: new Date('2026-03-01T12:00:00.123Z'), id: 'msg_65e1c3a0abc' };

    it('decodes what it encoded, and a missing cursor as the first page', () => {
      expect(signed.decodeTime(signed.encodeTime(position))).toEqual(position);
      expect(signed.decodeTime(undefined)).toBeUndefined();
      expect(signed.encodeTime(position)).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    });

    it.each([
      ['a changed character', (cursor: string) => `${cursor.slice(0, 3)}A${cursor.slice(4)}`],
      ['a stray trailing character', (cursor: string) => `${cursor}x`],
      ['no tag', (cursor: string) => cursor.split('.')[0] ?? ''],
      ['an empty tag', (cursor: string) => `${cursor.split('.')[0] ?? ''}.`],
      ['a third part', (cursor: string) => `${cursor}.AAAA`],
      ['the tag of another key', () => new CursorCodec(Buffer.alloc(32, 8)).encodeTime(position)],
      ['a plain cursor', () => plainCursors.encodeTime(position)],
    ])('rejects %s with the same answer as a made-up cursor', (_label, tamper) => {
      const cursor = tamper(signed.encodeTime(position));
      expect(rejectionOf(cursor, signed).toBody()).toEqual(rejectionOf('%%%').toBody());
    });

    it('rejects a signed cursor that names no time position', () => {
      expect(() => signed.decodeTime(signed.encode('not a position'))).toThrow(ValidationFailed);
    });
  });

  describe('time positions', () => {
    const position = { createdAt: new Date('2026-03-01T12:00:00.123Z'), id: 'ntf_65e1c3a0abc' };

    it('reads back the position it wrote', () => {
      expect(timePositionText(position)).toBe(`${position.createdAt.getTime()}.ntf_65e1c3a0abc`);
      expect(parseTimePosition(timePositionText(position))).toEqual(position);
      expect(plainCursors.decodeTime(plainCursors.encodeTime(position))).toEqual(position);
    });

    it.each(['', 'nonsense', '12.', '.ntf_1', '-5.ntf_1', '1.ntf 1', '1.ntf_1\nid: 2'])(
      'refuses %j',
      (text) => {
        expect(parseTimePosition(text)).toBeUndefined();
        expect(() => plainCursors.decodeTime(plainCursors.encode(text || 'x'))).toThrow(
          ValidationFailed,
        );
      },
    );
  });
});
