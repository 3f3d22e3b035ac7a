import { LIMIT, TOTAL_LIMIT, valid, b64, pdf, addresses, api, useEmailApi } from './email-api';

describe('POST /api/v1/messages/email (embedded default: memory store, sandbox provider)', () => {
  useEmailApi();

  describe('refuses bad input with 400 VALIDATION_ERROR and the field code', () => {
    it.each([
      ['to', 'missing', { to: undefined }, 'missing_recipients'],
      ['to', 'an empty list', { to: [] }, 'missing_recipients'],
      ['to', 'not an address', { to: 'alex' }, 'invalid_email'],
      ['to', 'a display name', { to: 'Alex <alex@example.com>' }, 'invalid_email'],
      ['to', 'one bad address in a list', { to: ['a@example.com', 'b@'] }, 'invalid_email'],
      [
        'to',
        'a header smuggled in',
        { to: 'alex@example.com\r\nBcc: eve@example.com' },
        'invalid_email',
      ],
      ['to', 'a number', { to: 42 }, 'invalid_email'],
      ['cc', 'not an address', { cc: ['finance'] }, 'invalid_email'],
      ['bcc', 'not an address', { bcc: 'audit@' }, 'invalid_email'],
      ['replyTo', 'not an address', { replyTo: 'support' }, 'invalid_email'],
      ['from', 'a display name', { from: 'Acme <billing@example.com>' }, 'invalid_email'],
      ['from', 'CR LF in a quoted local part', { from: '"a\r\nb"@example.com' }, 'invalid_email'],
      ['to', '51 recipients', { to: addresses(51) }, 'too_many_recipients'],
      [
        'cc',
        '30 to and 21 cc',
        { to: addresses(30), cc: addresses(21, 'example.org') },
        'too_many_recipients',
      ],
      [
        'bcc',
        '1 to and 50 bcc',
        { to: 'alex@example.com', bcc: addresses(50) },
        'too_many_recipients',
      ],
      ['subject', 'missing', { subject: undefined }, 'missing_subject'],
      ['subject', 'only whitespace', { subject: '   ' }, 'missing_subject'],
      ['subject', 'CR LF', { subject: 'Hi\r\nBcc: eve@example.com' }, 'invalid_header'],
      ['subject', 'a bare LF', { subject: 'Hi\nthere' }, 'invalid_header'],
      ['subject', '999 characters', { subject: 'a'.repeat(999) }, 'too_long'],
      ['fromName', 'a line break', { fromName: 'Acme\nBilling' }, 'invalid_header'],
      ['text', 'no text and no html', { text: undefined }, 'message_empty'],
      ['text', 'blank text and no html', { text: ' \n ' }, 'message_empty'],
      [
        'headers',
        'CR LF in a value',
        { headers: { 'X-Campaign': 'a\r\nBcc: eve@example.com' } },
        'invalid_header',
      ],
      ['headers', 'a name with a space', { headers: { 'X Campaign': 'a' } }, 'invalid_header'],
      ['headers', 'a value that is not text', { headers: { 'X-Count': 3 } }, 'invalid_header'],
      ['headers', 'a list', { headers: ['X-A: b'] }, 'invalid_header'],
      ['headers', 'Bcc', { headers: { Bcc: 'eve@example.com' } }, 'forbidden_header'],
      ['headers', 'From', { headers: { from: 'ceo@example.com' } }, 'forbidden_header'],
      [
        'headers',
        'Content-Type',
        { headers: { 'Content-Type': 'text/plain' } },
        'forbidden_header',
      ],
      ['headers', 'MIME-Version', { headers: { 'MIME-Version': '1.0' } }, 'forbidden_header'],
      ['headers', 'DKIM-Signature', { headers: { 'DKIM-Signature': 'v=1' } }, 'forbidden_header'],
      [
        'headers',
        'an SES instruction',
        { headers: { 'X-SES-CONFIGURATION-SET': 'other' } },
        'forbidden_header',
      ],
      ['tags.0.name', 'a colon', { tags: [{ name: 'ses:x', value: 'a' }] }, 'invalid_tag'],
      ['tags.0.value', 'a space', { tags: [{ name: 'kind', value: 'a b' }] }, 'invalid_tag'],
      [
        'tags.0.value',
        '257 characters',
        { tags: [{ name: 'kind', value: 'a'.repeat(257) }] },
        'invalid_tag',
      ],
      ['tags.0.value', 'missing', { tags: [{ name: 'kind' }] }, 'invalid_tag'],
      [
        'tags',
        'two tags of one name',
        {
          tags: [
            { name: 'kind', value: 'a' },
            { name: 'kind', value: 'b' },
          ],
        },
        'invalid_tag',
      ],
      [
        'tags',
        '51 tags',
        { tags: Array.from({ length: 51 }, (_, i) => ({ name: `t${i}`, value: 'v' })) },
        'invalid_tag',
      ],
      [
        'attachments.0.content',
        'content that is not base64',
        { attachments: [{ ...pdf, content: 'not base64!' }] },
        'invalid_attachment',
      ],
      [
        'attachments.0.content',
        'base64url content',
        { attachments: [{ ...pdf, content: '-_-_' }] },
        'invalid_attachment',
      ],
      [
        'attachments.0.content',
        'empty content',
        { attachments: [{ ...pdf, content: '' }] },
        'invalid_attachment',
      ],
      [
        'attachments.0.content',
        'no content',
        { attachments: [{ ...pdf, content: undefined }] },
        'invalid_attachment',
      ],
      [
        'attachments.0.contentType',
        'no content type',
        { attachments: [{ ...pdf, contentType: undefined }] },
        'invalid_attachment',
      ],
      [
        'attachments.0.contentType',
        'a content type that is not one',
        { attachments: [{ ...pdf, contentType: 'pdf' }] },
        'invalid_attachment',
      ],
      [
        'attachments.0.filename',
        'no filename',
        { attachments: [{ ...pdf, filename: undefined }] },
        'invalid_attachment',
      ],
      [
        'attachments.0.filename',
        'a blank filename',
        { attachments: [{ ...pdf, filename: '  ' }] },
        'invalid_attachment',
      ],
      [
        'attachments.0.content',
        `${LIMIT + 1} bytes in one file`,
        { attachments: [{ ...pdf, content: b64(Buffer.alloc(LIMIT + 1)) }] },
        'attachment_too_large',
      ],
      [
        'attachments',
        `two files of ${LIMIT} bytes`,
        {
          attachments: [
            { ...pdf, content: b64(Buffer.alloc(LIMIT)) },
            { ...pdf, content: b64(Buffer.alloc(LIMIT)) },
          ],
        },
        'attachment_too_large',
      ],
      [
        'attachments.0',
        'an .exe',
        { attachments: [{ ...pdf, filename: 'setup.exe' }] },
        'forbidden_attachment',
      ],
      [
        'attachments.0',
        'a script behind a trailing dot',
        { attachments: [{ ...pdf, filename: 'run.js.' }] },
        'forbidden_attachment',
      ],
      [
        'attachments.0',
        'a program type',
        { attachments: [{ ...pdf, filename: 'tool', contentType: 'application/x-msdownload' }] },
        'forbidden_attachment',
      ],
    ])('%s: %s', async (field, _case, change, code) => {
      const res = await api.send({ ...valid, ...change }).expect(400);
      expect(res.body).toEqual({
        code: 'VALIDATION_ERROR',
        message: expect.any(String),
        details: [{ field, code, message: expect.any(String) }],
      });
    });

    it('reports a missing subject and a missing message together', async () => {
      const res = await api.send({ to: 'alex@example.com' }).expect(400);
      expect(res.body.details).toEqual([
        { field: 'text', code: 'message_empty', message: expect.any(String) },
        { field: 'subject', code: 'missing_subject', message: expect.any(String) },
      ]);
    });

    it('names the limit a too large attachment passes', async () => {
      const one = await api
        .send({ ...valid, attachments: [{ ...pdf, content: b64(Buffer.alloc(LIMIT + 1)) }] })
        .expect(400);
      expect(one.body.details[0].message).toContain(`limit per attachment is ${LIMIT} bytes`);
      const two = await api
        .send({
          ...valid,
          attachments: [
            { ...pdf, content: b64(Buffer.alloc(LIMIT)) },
            { ...pdf, content: b64(Buffer.alloc(LIMIT)) },
          ],
        })
        .expect(400);
      expect(two.body.details[0].message).toContain(`limit per email is ${TOTAL_LIMIT} bytes`);
    });

    it('refuses a program whatever its name and type say', async () => {
      const program = Buffer.alloc(0x80);
      program.write('MZ', 0, 'latin1');
      program.writeUInt32LE(0x40, 0x3c);
      program.write('PE\0\0', 0x40, 'latin1');
      const res = await api
        .send({ ...valid, attachments: [{ ...pdf, content: b64(program) }] })
        .expect(400);
      expect(res.body.details).toEqual([
        { field: 'attachments.0', code: 'forbidden_attachment', message: expect.any(String) },
      ]);
    });
  });
});
