import { readSmsContent } from './sms.content';

describe('readSmsContent', () => {
  it('reads the text, its sender and how it travels', () => {
    const sms = {
      body: 'Your code is 123456',
      from: '+14155550199',
      messagingServiceSid: 'MG9752274e9e519418a7406176694466fa',
      segments: 1,
      encoding: 'GSM-7',
    };
    expect(readSmsContent(sms)).toEqual(sms);
  });

  it('reads a body that is not text as empty, and senders of the wrong type as absent', () => {
    const read = readSmsContent({ body: 42, from: '', messagingServiceSid: ['MG1'] });
    expect(read).toEqual({ body: '' });
    expect(read.from).toBeUndefined();
    expect(read.messagingServiceSid).toBeUndefined();
  });

  it('reads the segments and encoding only as a valid pair', () => {
    expect(readSmsContent({ body: 'hi', segments: 2, encoding: 'UCS-2' })).toMatchObject({
      segments: 2,
      encoding: 'UCS-2',
    });
    for (const facts of [
      { segments: 1 },
      { encoding: 'GSM-7' },
      { segments: 1, encoding: 'ASCII' },
      { segments: 1.5, encoding: 'GSM-7' },
      { segments: '1', encoding: 'GSM-7' },
    ]) {
      const read = readSmsContent({ body: 'hi', ...facts });
      expect([read.segments, read.encoding]).toEqual([undefined, undefined]);
    }
  });
});
