import { readVoiceContent } from './voice.content';

describe('readVoiceContent', () => {
  it.each([
    {
      twiml: '<Response><Say>Hi</Say></Response>',
      from: '+14155550199',
      timeout: 30,
      machineDetection: 'DetectMessageEnd',
    },
    { twimlUrl: 'https://example.com/t.xml', timeout: 600, machineDetection: 'Enable' },
    { twimlUrl: 'https://example.com/t.xml' },
  ])('reads the instructions, sender, ring time and machine detection of %j', (voice) => {
    expect(readVoiceContent(voice)).toEqual(voice);
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
