import { ValidationFailed } from '../../common/errors/api-error';
import { type AttachmentRules, readAttachments } from './attachment-intake';

const rules: AttachmentRules = {
  attachmentMaxBytes: 10,
  attachmentsMaxBytes: 15,
  allowExecutableAttachments: false,
};

const b64 = (text: string): string => Buffer.from(text).toString('base64');
const file = (filename: string, text: string, contentType = 'text/plain') => ({
  filename,
  content: b64(text),
  contentType,
});

/** The `details` a refused read throws. */
function problemsOf(read: () => unknown): unknown {
  try {
    read();
  } catch (error) {
    if (error instanceof ValidationFailed) return error.details;
    throw error;
  }
  throw new Error('expected ValidationFailed');
}

describe('readAttachments', () => {
  it('decodes, cleans names and records size and SHA-256', () => {
    const { records, files } = readAttachments(
      [file('../notes.txt', 'abc'), file('b.txt', 'hello')],
      rules,
    );
    expect(records).toEqual([
      {
        filename: 'notes.txt',
        contentType: 'text/plain',
        size: 3,
        sha256: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
      },
      { filename: 'b.txt', contentType: 'text/plain', size: 5, sha256: expect.any(String) },
    ]);
    expect(files.map((f) => f.content.toString())).toEqual(['abc', 'hello']);
    expect(files[0]?.filename).toBe('notes.txt');
  });

  it('takes no attachments', () => {
    expect(readAttachments([], rules)).toEqual({ records: [], files: [] });
  });

  it('takes a file of exactly the limit, and files that together reach the total', () => {
    const { records } = readAttachments(
      [file('a.txt', '0123456789'), file('b.txt', '01234')],
      rules,
    );
    expect(records.map((r) => r.size)).toEqual([10, 5]);
  });

  it('refuses a file over the per-file limit, naming the limit', () => {
    expect(problemsOf(() => readAttachments([file('a.txt', '0123456789X')], rules))).toEqual([
      {
        field: 'attachments.0.content',
        code: 'attachment_too_large',
        message: expect.stringMatching(/11 bytes .*limit per attachment is 10 bytes/u),
      },
    ]);
  });

  it('refuses files over the total limit together', () => {
    expect(
      problemsOf(() =>
        readAttachments([file('a.txt', '0123456789'), file('b.txt', '012345')], rules),
      ),
    ).toEqual([
      {
        field: 'attachments',
        code: 'attachment_too_large',
        message: expect.stringMatching(/16 bytes together .*limit per email is 15 bytes/u),
      },
    ]);
  });

  it('names limits in megabytes too', () => {
    const big = {
      ...rules,
      attachmentMaxBytes: 1024 * 1024,
      attachmentsMaxBytes: 10 * 1024 * 1024,
    };
    const content = Buffer.alloc(1024 * 1024 + 1).toString('base64');
    expect(
      problemsOf(() =>
        readAttachments(
          [{ filename: 'a.bin', content, contentType: 'application/octet-stream' }],
          big,
        ),
      ),
    ).toEqual([
      expect.objectContaining({ message: expect.stringContaining('1048576 bytes (1 MB)') }),
    ]);
  });

  it('refuses content that is not base64, and empty content', () => {
    expect(
      problemsOf(() =>
        readAttachments(
          [
            { filename: 'a.txt', content: 'not base64!', contentType: 'text/plain' },
            { filename: 'b.txt', content: '', contentType: 'text/plain' },
          ],
          rules,
        ),
      ),
    ).toEqual([
      { field: 'attachments.0.content', code: 'invalid_attachment', message: expect.any(String) },
      { field: 'attachments.1.content', code: 'invalid_attachment', message: expect.any(String) },
    ]);
  });

  it('refuses executables unless allowed, judging the cleaned name', () => {
    const inputs = [file('setup.exe. ', 'MZ'), file('a.txt', 'x', 'application/x-sh')];
    expect(problemsOf(() => readAttachments(inputs, rules))).toEqual([
      {
        field: 'attachments.0',
        code: 'forbidden_attachment',
        message: expect.stringContaining('setup.exe'),
      },
      { field: 'attachments.1', code: 'forbidden_attachment', message: expect.any(String) },
    ]);
    const allowed = readAttachments(inputs, { ...rules, allowExecutableAttachments: true });
    expect(allowed.records.map((r) => r.filename)).toEqual(['setup.exe', 'a.txt']);
  });
});
