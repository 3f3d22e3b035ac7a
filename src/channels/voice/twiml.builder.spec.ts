import { sayTwiml } from './twiml.builder';
import { twimlProblem } from './twiml.validator';

describe('sayTwiml', () => {
  it('wraps the text in <Response><Say>, leaving out attributes that are not given', () => {
    expect(sayTwiml({ text: 'Hello' })).toBe('<Response><Say>Hello</Say></Response>');
    expect(sayTwiml({ text: 'Hello', voice: '', language: undefined })).toBe(
      '<Response><Say>Hello</Say></Response>',
    );
  });

  it('sets voice and language when given', () => {
    expect(sayTwiml({ text: 'Bonjour', voice: 'Polly.Celine', language: 'fr-FR' })).toBe(
      '<Response><Say voice="Polly.Celine" language="fr-FR">Bonjour</Say></Response>',
    );
    expect(sayTwiml({ text: 'Hi', language: 'en-GB' })).toBe(
      '<Response><Say language="en-GB">Hi</Say></Response>',
    );
  });

  it('escapes & < > " and \' in the text', () => {
    expect(sayTwiml({ text: `Tom & "Jerry" <3 'em>` })).toBe(
      '<Response><Say>Tom &amp; &quot;Jerry&quot; &lt;3 &apos;em&gt;</Say></Response>',
    );
  });

  it('escapes attribute values, so a value cannot close its quotes or open a tag', () => {
    expect(sayTwiml({ text: 'x', voice: `a" onload="b'<c>&` })).toBe(
      '<Response><Say voice="a&quot; onload=&quot;b&apos;&lt;c&gt;&amp;">x</Say></Response>',
    );
  });

  it('keeps markup in the text as words to speak rather than instructions', () => {
    const twiml = sayTwiml({ text: '</Say><Hangup/><Say>' });
    expect(twiml).toBe('<Response><Say>&lt;/Say&gt;&lt;Hangup/&gt;&lt;Say&gt;</Say></Response>');
    expect(twimlProblem(twiml)).toBeUndefined();
  });

  it.each([
    [{ text: 'Your order 2891 has shipped.' }],
    [{ text: `Tom & "Jerry" <3`, voice: 'alice', language: 'en-US' }],
    [{ text: 'Grüße, 東京 & 🎉', voice: `it's "odd"` }],
  ])('builds TwiML that passes the inline TwiML validation: %j', (say) => {
    expect(twimlProblem(sayTwiml(say))).toBeUndefined();
  });
});
