import { createHash } from 'node:crypto';
import { simpleParser } from 'mailparser';
import { addressHeaderValue, composeMime, nodemailerMessage, tagsHeaderValue } from './email-mime';
import type { OutgoingEmail } from './outgoing-email';

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

const invoice = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0xff, 0x10, 0x80]);

const email: OutgoingEmail = {
  from: { address: 'billing@example.com', name: 'Zoë Åström' },
  to: ['ann@example.com'],
  cc: ['cc@example.com'],
  bcc: ['audit@example.com'],
  replyTo: ['help@example.com'],
  subject: 'Grüße — Rechnung 🧾',
  text: 'Hallo',
  html: '<p>Hallo</p>',
  headers: { 'X-Campaign': 'spring' },
  tags: [],
  attachments: [{ filename: 'rechnung.pdf', contentType: 'application/pdf', content: invoice }],
};

describe('composeMime', () => {
  it('writes non-ASCII subject and name as RFC 2047 words that read back equal', async () => {
    const mime = await composeMime(email);
    const head = mime.toString('latin1').split('\r\n\r\n')[0] ?? '';
    expect(head).toMatch(/^Subject: =\?UTF-8\?[BQ]\?/m);
    expect(head).toMatch(/^From: =\?UTF-8\?[BQ]\?.*\?= <billing@example\.com>$/m);
    expect(/^[\x20-\x7e\r\n\t]*$/.test(head)).toBe(true);
    const parsed = await simpleParser(mime);
    expect(parsed.subject).toBe('Grüße — Rechnung 🧾');
    expect(parsed.from?.value).toEqual([{ address: 'billing@example.com', name: 'Zoë Åström' }]);
  });

  it('keeps Bcc out of the message and everything else in', async () => {
    const mime = await composeMime(email);
    expect(mime.toString()).not.toMatch(/audit@example\.com/);
    expect(mime.toString()).not.toMatch(/^Bcc:/im);
    const parsed = await simpleParser(mime);
    expect(parsed.headers.get('x-campaign')).toBe('spring');
    expect(parsed.text?.trim()).toBe('Hallo');
    expect(parsed.html).toBe('<p>Hallo</p>');
    expect(parsed.replyTo?.text).toBe('help@example.com');
    expect(
      parsed.attachments.map((file) => [file.filename, file.contentType, sha256(file.content)]),
    ).toEqual([['rechnung.pdf', 'application/pdf', sha256(invoice)]]);
  });

  it('never reads files or URLs', () => {
    expect(nodemailerMessage(email)).toMatchObject({
      disableFileAccess: true,
      disableUrlAccess: true,
    });
  });
});

describe('tagsHeaderValue', () => {
  it('writes name=value pairs, percent-encoding separators and non-ASCII', () => {
    expect(
      tagsHeaderValue([
        { name: 'category', value: 'welcome' },
        { name: 'a;b', value: 'x=y, z' },
        { name: 'région', value: 'Île' },
      ]),
    ).toBe('category=welcome; a%3Bb=x%3Dy%2C%20z; r%C3%A9gion=%C3%8Ele');
  });
});

describe('addressHeaderValue', () => {
  it.each<[OutgoingEmail['from'], string]>([
    [{ address: 'a@example.com' }, 'a@example.com'],
    [{ address: 'a@example.com', name: 'Ann' }, 'Ann <a@example.com>'],
    [{ address: 'a@example.com', name: 'Doe, Ann' }, '"Doe, Ann" <a@example.com>'],
    [{ address: 'a@example.com', name: 'Zoë' }, '=?UTF-8?Q?Zo=C3=AB?= <a@example.com>'],
  ])('writes %j as %s', (address, header) => {
    expect(addressHeaderValue(address)).toBe(header);
  });
});
