import { readWhatsAppContent } from './whatsapp.content';

const CONTENT_SID = 'HXb5b62575e6e4ff6129ad7c8efe1f983e';

describe('readWhatsAppContent', () => {
  it('reads free-form text, media and sender', () => {
    const freeForm = {
      body: 'Your receipt',
      media: [{ url: 'https://example.com/r.pdf', contentType: 'application/pdf', caption: 'PDF' }],
      from: '+14155550199',
    };
    expect(readWhatsAppContent(freeForm)).toEqual(freeForm);
  });

  it('reads a template and its variables, keeping only text values', () => {
    expect(
      readWhatsAppContent({ contentSid: CONTENT_SID, contentVariables: { '1': 'Ada', '2': 7 } }),
    ).toEqual({ contentSid: CONTENT_SID, contentVariables: { '1': 'Ada' }, media: [] });
  });

  it('leaves out media without a URL and fields of the wrong type', () => {
    const read = readWhatsAppContent({
      body: 3,
      media: [
        { caption: 'no url' },
        'not a record',
        { url: 'https://example.com/a.png', caption: 5 },
      ],
      contentSid: '',
      contentVariables: ['Ada'],
      from: null,
    });
    expect(read).toEqual({ media: [{ url: 'https://example.com/a.png' }] });
    expect(read.body).toBeUndefined();
    expect(read.contentSid).toBeUndefined();
    expect(read.contentVariables).toBeUndefined();
    expect(read.from).toBeUndefined();
  });
});
