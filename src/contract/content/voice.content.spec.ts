import { readVoiceContent } from './voice.content';

describe('readVoiceContent', () => {
  it('reads the instructions, sender, ring time and machine detection', () => {
    expect(
      readVoiceContent({
        twiml: '<Response><Say>Hi</Say></Response>',
        from: '+14155550199',
        timeout: 30,
        machineDetection: 'DetectMessageEnd',
      }),
    ).toEqual({
      twiml: '<Response><Say>Hi</Say></Response>',
      from: '+14155550199',
      timeout: 30,
      machineDetection: 'DetectMessageEnd',
    });
    expect(readVoiceContent({ twimlUrl: 'https://example.com/t.xml' })).toEqual({
      twimlUrl: 'https://example.com/t.xml',
    });
  });

  it('leaves out fields of the wrong type and unknown detection modes', () => {
    const read = readVoiceContent({
      twiml: '',
      twimlUrl: 7,
      from: ['+14155550199'],
      timeout: 29.5,
      machineDetection: 'Always',
    });
    expect([read.twiml, read.twimlUrl, read.from, read.timeout, read.machineDetection]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect(readVoiceContent({ timeout: '30' }).timeout).toBeUndefined();
  });
});
