import { MAX_FILENAME_BYTES, sanitizeFilename } from './attachment-filename';

describe('sanitizeFilename', () => {
  it.each([
    ['receipt-2891.pdf', 'receipt-2891.pdf'],
    ['Relevé de compte.pdf', 'Relevé de compte.pdf'],
    ['../../etc/passwd', 'passwd'],
    ['C:\\Users\\alex\\report.docx', 'report.docx'],
    ['/var/tmp/', 'attachment'],
    ['.htaccess', 'htaccess'],
    ['...hidden.txt', 'hidden.txt'],
    ['report.pdf. . ', 'report.pdf'],
    ['in\u0000voice\r\n.pdf', 'invoice.pdf'],
    ['invoice\u202Efdp.exe', 'invoicefdp.exe'],
    ['zero\u200Bwidth.txt', 'zerowidth.txt'],
    ['what?<now>|"x":*.txt', 'what__now___x___.txt'],
    ['many   \t spaces.txt', 'many spaces.txt'],
    ['CON.txt', '_CON.txt'],
    ['lpt1', '_lpt1'],
    ['..', 'attachment'],
    ['.pdf', 'pdf'],
    ['archive.tar.gz', 'archive.tar.gz'],
  ])('%j becomes %j', (raw, clean) => {
    expect(sanitizeFilename(raw)).toBe(clean);
  });

  it('composes decomposed accents (NFC)', () => {
    expect(sanitizeFilename('Releve\u0301.pdf')).toBe('Relev\u00e9.pdf');
  });

  it('shortens a long name to 255 UTF-8 bytes and keeps its extension', () => {
    const clean = sanitizeFilename(`${'a'.repeat(400)}.pdf`);
    expect(clean).toBe(`${'a'.repeat(MAX_FILENAME_BYTES - 4)}.pdf`);
  });

  it('never cuts a multi-byte character in two', () => {
    const clean = sanitizeFilename(`${'é'.repeat(200)}.pdf`);
    expect(Buffer.byteLength(clean)).toBeLessThanOrEqual(MAX_FILENAME_BYTES);
    expect(clean).toBe(`${'é'.repeat(125)}.pdf`);
    const emoji = sanitizeFilename(`${'😀'.repeat(100)}.txt`);
    expect(emoji).toBe(`${'😀'.repeat(62)}.txt`);
  });

  it('does not keep an extension that is not a plain word', () => {
    const clean = sanitizeFilename(`${'a'.repeat(300)}.not a real extension`);
    expect(Buffer.byteLength(clean)).toBe(MAX_FILENAME_BYTES);
  });
});
