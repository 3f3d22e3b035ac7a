import { countSegments } from './segment-counter';

const BASIC_TABLE =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const EXTENSION_TABLE = ['\f', '^', '{', '}', '\\', '[', '~', ']', '|', '€'];

describe('countSegments', () => {
  describe('GSM-7', () => {
    it.each([
      [1, 1],
      [160, 1],
      [161, 2],
      [306, 2],
      [307, 3],
      [459, 3],
      [460, 4],
      [1600, 11],
    ])('%i characters travel in %i segment(s)', (length, segments) => {
      expect(countSegments('a'.repeat(length))).toEqual({
        encoding: 'GSM-7',
        segments,
        units: length,
      });
    });

    it('knows the 127 characters of the basic table, one septet each', () => {
      expect(BASIC_TABLE).toHaveLength(127);
      expect(countSegments(BASIC_TABLE)).toEqual({ encoding: 'GSM-7', segments: 1, units: 127 });
    });

    it.each(EXTENSION_TABLE)('counts the extension character %j as two septets', (character) => {
      expect(countSegments(character)).toEqual({ encoding: 'GSM-7', segments: 1, units: 2 });
    });

    it('fits 80 euro signs (160 septets) in one segment and needs two for 81', () => {
      expect(countSegments('€'.repeat(80))).toEqual({
        encoding: 'GSM-7',
        segments: 1,
        units: 160,
      });
      expect(countSegments('€'.repeat(81))).toEqual({
        encoding: 'GSM-7',
        segments: 2,
        units: 162,
      });
    });

    it('counts extension characters toward the 160 boundary', () => {
      expect(countSegments(`${'a'.repeat(158)}{`).segments).toBe(1);
      expect(countSegments(`${'a'.repeat(159)}{`).segments).toBe(2);
    });

    it('does not split an escape sequence across two parts', () => {
      // 306 septets would fit two parts of 153, but the euro sign cannot start at septet 153.
      const text = `${'a'.repeat(152)}€${'a'.repeat(152)}`;
      expect(countSegments(text)).toEqual({ encoding: 'GSM-7', segments: 3, units: 306 });
      // Shifted by one, the escape sequence ends the first part exactly.
      expect(countSegments(`${'a'.repeat(151)}€${'a'.repeat(153)}`).segments).toBe(2);
    });

    it('treats a bare escape character as outside the alphabet', () => {
      expect(countSegments('\u001b').encoding).toBe('UCS-2');
    });
  });

  describe('UCS-2', () => {
    it.each([
      [70, 1],
      [71, 2],
      [134, 2],
      [135, 3],
      [201, 3],
      [202, 4],
    ])('switches for one non-GSM character: %i characters in %i segment(s)', (length, segments) => {
      const text = `${'a'.repeat(length - 1)}ж`;
      expect(countSegments(text)).toEqual({ encoding: 'UCS-2', segments, units: length });
    });

    it('counts every character as one unit once the text is UCS-2, extension characters too', () => {
      expect(countSegments(`${'€'.repeat(69)}ж`)).toEqual({
        encoding: 'UCS-2',
        segments: 1,
        units: 70,
      });
    });

    it('counts an emoji as a surrogate pair of two units', () => {
      expect(countSegments('😀')).toEqual({ encoding: 'UCS-2', segments: 1, units: 2 });
      expect(countSegments('😀'.repeat(35))).toEqual({
        encoding: 'UCS-2',
        segments: 1,
        units: 70,
      });
      expect(countSegments('😀'.repeat(36))).toEqual({
        encoding: 'UCS-2',
        segments: 2,
        units: 72,
      });
      expect(countSegments(`${'a'.repeat(69)}😀`)).toEqual({
        encoding: 'UCS-2',
        segments: 2,
        units: 71,
      });
    });

    it('counts each code point of a composed emoji', () => {
      // Thumbs up + skin tone modifier: two code points, four units.
      expect(countSegments('👍🏽').units).toBe(4);
      // Family: three people joined by two zero-width joiners.
      expect(countSegments('👨‍👩‍👧').units).toBe(8);
    });

    it('does not split a surrogate pair across two parts', () => {
      // 134 units would fit two parts of 67, but the emoji cannot start at unit 67.
      const text = `${'a'.repeat(66)}😀${'a'.repeat(66)}`;
      expect(countSegments(text)).toEqual({ encoding: 'UCS-2', segments: 3, units: 134 });
      expect(countSegments(`${'a'.repeat(65)}😀${'a'.repeat(67)}`).segments).toBe(2);
    });

    it('counts a lone surrogate as one unit', () => {
      expect(countSegments('\ud83d')).toEqual({ encoding: 'UCS-2', segments: 1, units: 1 });
    });
  });

  describe('edge cases', () => {
    it('sends an empty text as one empty GSM-7 part', () => {
      expect(countSegments('')).toEqual({ encoding: 'GSM-7', segments: 1, units: 0 });
    });

    it('keeps whitespace and line breaks in GSM-7', () => {
      expect(countSegments(' ')).toEqual({ encoding: 'GSM-7', segments: 1, units: 1 });
      expect(countSegments('a\r\nb')).toEqual({ encoding: 'GSM-7', segments: 1, units: 4 });
    });

    it('sends a tab, which GSM-7 lacks, as UCS-2', () => {
      expect(countSegments('a\tb').encoding).toBe('UCS-2');
    });
  });
});
