import { MAX_TWIML_LENGTH, twimlProblem } from './twiml.validator';

describe('twimlProblem', () => {
  it.each([
    ['<Response><Say>Hello</Say></Response>'],
    ['<Response/>'],
    [
      '<?xml version="1.0" encoding="UTF-8"?>\n<Response>\n  <Say voice="alice">Hi</Say>\n</Response>\n',
    ],
    ['<!-- greeting --><Response><Pause length="1"/><Hangup/></Response>'],
    ['<Response><Say>Tom &amp; &quot;Jerry&quot; &lt;3</Say></Response>'],
  ])('takes %j', (xml) => {
    expect(twimlProblem(xml)).toBeUndefined();
  });

  it.each([
    ['', 'not well-formed'],
    ['Hello there', 'not well-formed'],
    ['<Response><Say>Hello</Response>', 'not well-formed'],
    ['<Response><Say>a & b</Say></Response>', 'not well-formed'],
    ['<Response><Say voice=alice>Hi</Say></Response>', 'not well-formed'],
    ['<Say>Hello</Say>', 'exactly one root element'],
    ['<response><Say>Hello</Say></response>', 'exactly one root element'],
    ['<Response/><Response/>', 'exactly one root element'],
    ['<Response/><Hangup/>', 'exactly one root element'],
    ['<![CDATA[Hello]]><Response/>', 'exactly one root element'],
  ])('refuses %j', (xml, reason) => {
    expect(twimlProblem(xml)).toContain(reason);
  });

  it('takes TwiML of exactly 4,000 characters and refuses one more', () => {
    const frame = '<Response><Say></Say></Response>';
    const atLimit = `<Response><Say>${'a'.repeat(MAX_TWIML_LENGTH - frame.length)}</Say></Response>`;
    expect(atLimit).toHaveLength(4000);
    expect(twimlProblem(atLimit)).toBeUndefined();
    const over = `<Response><Say>${'a'.repeat(MAX_TWIML_LENGTH - frame.length + 1)}</Say></Response>`;
    expect(twimlProblem(over)).toBe('is 4001 characters long; Twilio takes at most 4000');
  });
});
