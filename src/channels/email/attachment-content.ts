import { createHash } from 'node:crypto';
import { extensionOf } from './attachment-filename';

/** Hex SHA-256 of bytes, as attachment records keep it. */
export const sha256Hex = (bytes: Buffer): string =>
  createHash('sha256').update(bytes).digest('hex');

/** Line breaks, as `base64` and MIME encoders wrap their output every 76 characters. */
const LINE_BREAKS = /\r?\n/gu;

/**
 * The bytes of standard, padded base64 (RFC 4648 section 4), or undefined when `text` is not
 * that. Line breaks are allowed; any other character outside the alphabet, missing padding,
 * or padding bits that are not zero is refused. Node's decoder skips what it does not
 * understand, so the decoded bytes must encode back to exactly the text given.
 */
export function decodeBase64(text: string): Buffer | undefined {
  const joined = text.replace(LINE_BREAKS, '');
  if (joined.length % 4 !== 0) return undefined;
  const bytes = Buffer.from(joined, 'base64');
  return bytes.toString('base64') === joined ? bytes : undefined;
}

/**
 * Extensions of files that run when opened, as Gmail and Amazon SES refuse them: Windows
 * programs, installers, scripts and shortcuts, Java archives, shell scripts, disk images and
 * mobile packages.
 */
const EXECUTABLE_EXTENSIONS = new Set([
  'ade',
  'adp',
  'apk',
  'app',
  'appx',
  'appxbundle',
  'bas',
  'bat',
  'bash',
  'cab',
  'chm',
  'cmd',
  'com',
  'command',
  'cpl',
  'csh',
  'deb',
  'dll',
  'dmg',
  'drv',
  'exe',
  'gadget',
  'hlp',
  'hta',
  'img',
  'inf',
  'ins',
  'iso',
  'isp',
  'jar',
  'jnlp',
  'js',
  'jse',
  'ksh',
  'lnk',
  'mde',
  'mjs',
  'msc',
  'msh',
  'msi',
  'msix',
  'msixbundle',
  'msp',
  'mst',
  'ocx',
  'pif',
  'pkg',
  'ps1',
  'ps1xml',
  'ps2',
  'ps2xml',
  'psc1',
  'psc2',
  'psm1',
  'reg',
  'rpm',
  'run',
  'scf',
  'scr',
  'sct',
  'sh',
  'shb',
  'shs',
  'sys',
  'url',
  'vb',
  'vbe',
  'vbs',
  'vhd',
  'vhdx',
  'vxd',
  'ws',
  'wsc',
  'wsf',
  'wsh',
  'xll',
  'zsh',
]);

/** Media types of programs and scripts. */
const EXECUTABLE_TYPES = new Set([
  'application/x-msdownload',
  'application/x-msdos-program',
  'application/x-ms-installer',
  'application/x-msi',
  'application/x-ms-shortcut',
  'application/x-ms-application',
  'application/vnd.microsoft.portable-executable',
  'application/x-dosexec',
  'application/x-executable',
  'application/x-elf',
  'application/x-mach-binary',
  'application/x-sh',
  'application/x-shellscript',
  'application/x-csh',
  'application/x-bat',
  'application/x-powershell',
  'application/hta',
  'application/java-archive',
  'application/x-java-archive',
  'application/x-java-jnlp-file',
  'application/javascript',
  'application/x-javascript',
  'application/ecmascript',
  'text/javascript',
  'text/ecmascript',
  'text/vbscript',
  'application/x-vbscript',
  'application/vnd.android.package-archive',
  'application/x-apple-diskimage',
]);

/** Machine code whatever its name says: a Windows PE, an ELF or a Mach-O binary. */
function isBinaryProgram(bytes: Buffer): boolean {
  const magic = bytes.length >= 4 ? bytes.readUInt32BE(0) : 0;
  if (magic === 0x7f454c46) return true; // ELF
  if ([0xfeedface, 0xfeedfacf, 0xcefaedfe, 0xcffaedfe].includes(magic)) return true; // Mach-O
  // PE: "MZ", and at the offset in 0x3c the signature "PE\0\0". "MZ" alone starts some text.
  if (bytes.length < 0x40 || bytes.toString('latin1', 0, 2) !== 'MZ') return false;
  const peOffset = bytes.readUInt32LE(0x3c);
  return peOffset + 4 <= bytes.length && bytes.readUInt32BE(peOffset) === 0x50450000;
}

/** The type without parameters, in lower case (`text/plain; charset=utf-8` → `text/plain`). */
export const mediaTypeEssence = (contentType: string): string =>
  (contentType.split(';', 1)[0] ?? '').trim().toLowerCase();

/**
 * Why an attachment counts as executable (by extension, declared type or content), or
 * undefined when it does not. Written here because no installed package knows both the lists
 * and the binary signatures; the lists are the mail services' own.
 */
export function executableReason(
  filename: string,
  contentType: string,
  bytes: Buffer,
): string | undefined {
  const extension = extensionOf(filename).slice(1).toLowerCase();
  if (EXECUTABLE_EXTENSIONS.has(extension)) return `.${extension} files run when opened`;
  const essence = mediaTypeEssence(contentType);
  if (EXECUTABLE_TYPES.has(essence)) return `${essence} is a program or script type`;
  if (isBinaryProgram(bytes)) return 'its content is a program (machine code)';
  return undefined;
}
