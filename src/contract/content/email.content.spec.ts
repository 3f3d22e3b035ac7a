import { readEmailContent } from './email.content';

const receipt = { filename: 'r.pdf', contentType: 'application/pdf', size: 4, sha256: 'ab12' };

describe('readEmailContent', () => {
  it.each<[string, unknown]>([
    ['from', 'billing@example.com'],
    ['fromName', 'Billing'],
    ['replyTo', ['help@example.com']],
    ['cc', ['cc@example.com', 'dan@example.com']],
    ['bcc', ['audit@example.com']],
    ['subject', 'Receipt'],
    ['text', 'Thanks'],
    ['html', '<p>Thanks</p>'],
    ['headers', { 'X-Campaign': 'spring' }],
    ['tags', [{ name: 'category', value: 'receipt' }]],
    ['attachments', [receipt]],
  ])('reads %s as stored', (field, value) => {
    expect(readEmailContent({ [field]: value })).toMatchObject({ [field]: value });
  });

  it('does not read the template the content was rendered from: no sender needs it', () => {
    expect(readEmailContent({ template: { id: 'tpl_1', version: 2 } })).not.toHaveProperty(
      'template',
    );
  });

  it('reads absent lists and maps as empty, and a subject that is not text as empty', () => {
    expect(readEmailContent({ subject: ['Hi'] })).toEqual({
      subject: '',
      replyTo: [],
      cc: [],
      bcc: [],
      headers: {},
      tags: [],
      attachments: [],
    });
  });

  it('takes a single address as a list and leaves out values of the wrong type', () => {
    const read = readEmailContent({
      from: 42,
      cc: 'one@example.com',
      bcc: ['ok@example.com', '', 3],
      text: '',
      headers: ['X-Not: a map'],
      tags: [{ name: 'a', value: 'b' }, { name: 'c' }, 'd'],
    });
    expect(read).toMatchObject({
      cc: ['one@example.com'],
      bcc: ['ok@example.com'],
      headers: {},
      tags: [{ name: 'a', value: 'b' }],
    });
    expect(read.from).toBeUndefined();
    expect(read.text).toBeUndefined();
  });

  it('leaves out attachment records that lack a field', () => {
    const { filename, contentType, size, sha256 } = receipt;
    expect(
      readEmailContent({
        subject: 'Hi',
        attachments: [
          receipt,
          { contentType, size, sha256 },
          { filename, size, sha256 },
          { filename, contentType, size: '4', sha256 },
          { filename, contentType, size },
          'r.pdf',
        ],
      }).attachments,
    ).toEqual([receipt]);
  });
});
