import { decodeBase64, executableReason, mediaTypeEssence, sha256Hex } from './attachment-content';

/** A minimal PE file: "MZ", the PE header offset at 0x3c, "PE\0\0" there. */
function peFile(): Buffer {
  const bytes = Buffer.alloc(0x80);
  bytes.write('MZ', 0, 'latin1');
  bytes.writeUInt32LE(0x40, 0x3c);
  bytes.write('PE\0\0', 0x40, 'latin1');
  return bytes;
}

describe('decodeBase64', () => {
  it.each([
    ['', ''],
    ['aGk=', 'hi'],
    ['aGV5', 'hey'],
    ['aGVsbG8gd29ybGQ=', 'hello world'],
    ['aGVs\nbG8g\r\nd29y\nbGQ=', 'hello world'],
  ])('decodes %j', (text, decoded) => {
    expect(decodeBase64(text)?.toString('utf8')).toBe(decoded);
  });

  it('decodes binary bytes exactly', () => {
    const bytes = Buffer.from([0, 255, 128, 7, 62, 63]);
    expect(decodeBase64(bytes.toString('base64'))?.equals(bytes)).toBe(true);
  });

  it.each([
    ['missing padding', 'aGk'],
    ['base64url characters', 'a-_k'],
    ['a space', 'aGVs bG8='],
    ['characters outside the alphabet', 'aGk*'],
    ['padding in the middle', 'aG==aGk='],
    ['non-zero padding bits', 'aGl='],
    ['too much padding', 'aGk=='],
    ['a data URL', 'data:text/plain;base64,aGk='],
  ])('refuses %s', (_case, text) => {
    expect(decodeBase64(text)).toBeUndefined();
  });
});

describe('executableReason', () => {
  const pdf = Buffer.from('%PDF-1.4\n');

  it.each(['setup.exe', 'run.BAT', 'script.js', 'macro.vbs', 'install.msi', 'app.jar', 'x.ps1'])(
    'refuses %s by its extension',
    (filename) => {
      expect(executableReason(filename, 'application/octet-stream', pdf)).toMatch(/run when/u);
    },
  );

  it.each([
    'application/x-msdownload',
    'application/x-sh',
    'application/java-archive',
    'text/javascript; charset=utf-8',
  ])('refuses the type %s', (contentType) => {
    expect(executableReason('notes.txt', contentType, pdf)).toMatch(/program or script/u);
  });

  it('refuses a Windows program renamed to .pdf', () => {
    expect(executableReason('invoice.pdf', 'application/pdf', peFile())).toMatch(/machine code/u);
  });

  it('refuses ELF and Mach-O binaries', () => {
    const elf = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]);
    const macho = Buffer.from([0xcf, 0xfa, 0xed, 0xfe, 7, 0, 0, 1]);
    expect(executableReason('a.dat', 'application/octet-stream', elf)).toBeDefined();
    expect(executableReason('a.dat', 'application/octet-stream', macho)).toBeDefined();
  });

  it.each([
    ['receipt.pdf', 'application/pdf', pdf],
    ['photo.jpg', 'image/jpeg', Buffer.from([0xff, 0xd8, 0xff, 0xe0])],
    ['notes.txt', 'text/plain', Buffer.from('MZ Smith wrote this note.')],
    ['data.json', 'application/json', Buffer.from('{}')],
    ['setup.exe.txt', 'text/plain', Buffer.from('harmless')],
  ])('lets %s through', (filename, contentType, bytes) => {
    expect(executableReason(filename, contentType, bytes)).toBeUndefined();
  });
});

describe('helpers', () => {
  it('reads the essence of a media type', () => {
    expect(mediaTypeEssence('Text/HTML; charset=UTF-8')).toBe('text/html');
  });

  it('hashes bytes as hex SHA-256', () => {
    expect(sha256Hex(Buffer.from('abc'))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });
});
