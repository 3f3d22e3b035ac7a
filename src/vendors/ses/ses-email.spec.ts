import { simpleParser } from 'mailparser';
import type { OutgoingEmail } from '../../contract/content/outgoing-email';
import { sesEmailRequest, sesTags } from './ses-email';

const plain: OutgoingEmail = {
  from: { address: 'billing@example.com', name: 'Zoë' },
  to: ['ann@example.com'],
  cc: ['cc@example.com'],
  bcc: ['audit@example.com'],
  replyTo: ['help@example.com'],
  subject: 'Receipt',
  text: 'Thanks',
  html: '<p>Thanks</p>',
  headers: {},
  tags: [{ name: 'category', value: 'receipt' }],
  attachments: [],
};

describe('sesEmailRequest', () => {
  it('uses Simple content when subject and bodies say it all', async () => {
    expect(await sesEmailRequest(plain, 'transactional')).toEqual({
      from: '=?UTF-8?Q?Zo=C3=AB?= <billing@example.com>',
      to: ['ann@example.com'],
      cc: ['cc@example.com'],
      bcc: ['audit@example.com'],
      content: {
        kind: 'simple',
        subject: 'Receipt',
        text: 'Thanks',
        html: '<p>Thanks</p>',
        replyTo: ['help@example.com'],
      },
      tags: [{ name: 'category', value: 'receipt' }],
      configurationSetName: 'transactional',
    });
  });

  it('uses Raw MIME for attachments, with Bcc only in the destination', async () => {
    const request = await sesEmailRequest(
      {
        ...plain,
        attachments: [{ filename: 'a.txt', contentType: 'text/plain', content: Buffer.from('hi') }],
      },
      undefined,
    );
    expect(request.bcc).toEqual(['audit@example.com']);
    expect(request).not.toHaveProperty('configurationSetName');
    if (request.content.kind !== 'raw') throw new Error('expected Raw content');
    expect(request.content.mime.toString()).not.toContain('audit@example.com');
    const parsed = await simpleParser(request.content.mime);
    expect(parsed.subject).toBe('Receipt');
    expect(parsed.replyTo?.text).toBe('help@example.com');
    expect(parsed.attachments.map((file) => file.content.toString())).toEqual(['hi']);
  });

  it('uses Raw MIME for custom headers', async () => {
    const request = await sesEmailRequest(
      { ...plain, headers: { 'X-Campaign': 'spring' } },
      undefined,
    );
    if (request.content.kind !== 'raw') throw new Error('expected Raw content');
    const parsed = await simpleParser(request.content.mime);
    expect(parsed.headers.get('x-campaign')).toBe('spring');
  });
});

describe('sesTags', () => {
  it('keeps what SES allows and replaces the rest with _', () => {
    expect(
      sesTags([
        { name: 'category', value: 'welcome-2024_v1' },
        { name: 'ses:reserved', value: 'a b/c' },
        { name: 'région', value: '' },
        { name: 'long', value: 'x'.repeat(300) },
      ]),
    ).toEqual([
      { name: 'category', value: 'welcome-2024_v1' },
      { name: 'ses_reserved', value: 'a_b_c' },
      { name: 'r_gion', value: '_' },
      { name: 'long', value: 'x'.repeat(256) },
    ]);
  });
});
