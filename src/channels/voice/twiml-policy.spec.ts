import type { TwimlPolicy } from '../../identity/app.model';
import { reviewTwiml, twimlUrlProblem } from './twiml-policy';

const NONE: TwimlPolicy = { allow: [], dialPrefixes: [], urlHosts: [] };
const DIALS_US_WEST: TwimlPolicy = {
  allow: ['Dial', 'Redirect', 'Sms'],
  dialPrefixes: ['+1415', '+1650'],
  urlHosts: ['ivr.shop.example'],
};

const problems = (xml: string, policy: TwimlPolicy = NONE): string[] =>
  reviewTwiml(xml, policy).problems;

describe('reviewTwiml with no allowance (the default)', () => {
  it.each([
    ['Say', '<Response><Say voice="alice">Your order shipped.</Say></Response>'],
    [
      'Say with SSML',
      '<Response><Say>Hi <break time="1s"/><emphasis>there</emphasis></Say></Response>',
    ],
    ['Play', '<Response><Play loop="2">https://cdn.example.net/ring.mp3</Play></Response>'],
    ['Pause', '<Response><Pause length="2"/></Response>'],
    ['Hangup', '<Response><Say>Bye</Say><Hangup/></Response>'],
    [
      'Gather without an action',
      '<Response><Gather input="dtmf" numDigits="1"><Say>Press 1</Say><Pause/></Gather></Response>',
    ],
    [
      'a declaration and comments',
      '<?xml version="1.0"?><!-- hi --><Response><Say>Hi</Say></Response>',
    ],
    ['an empty Response', '<Response/>'],
  ])('allows %s', (_case, xml) => {
    expect(problems(xml)).toEqual([]);
  });

  it.each([
    [
      'Dial to a premium number',
      '<Response><Dial>+19005550100</Dial></Response>',
      '<Dial> is not allowed',
    ],
    [
      'Dial to an international number',
      '<Response><Dial><Number>+88213001234</Number></Dial></Response>',
      '<Dial> is not allowed',
    ],
    [
      'a Redirect to an outside URL',
      '<Response><Redirect>https://evil.example/next.xml</Redirect></Response>',
      '<Redirect> is not allowed',
    ],
    ['Enqueue', '<Response><Enqueue>support</Enqueue></Response>', '<Enqueue> is not allowed'],
    ['Record', '<Response><Record maxLength="20"/></Response>', '<Record> is not allowed'],
    [
      'Gather whose action fetches instructions from anywhere',
      '<Response><Gather action="https://evil.example/dial.xml"><Say>Press 1</Say></Gather></Response>',
      'Gather action points at evil.example',
    ],
    [
      'Gather with a relative action',
      '<Response><Gather action="/next"><Say>Press 1</Say></Gather></Response>',
      'Gather action must be an absolute URL',
    ],
    [
      'a status callback URL',
      '<Response><Gather partialResultCallback="https://spy.example/p"/></Response>',
      'Gather partialResultCallback points at spy.example',
    ],
    [
      'Dial hidden in lower case',
      '<Response><dial>+19005550100</dial></Response>',
      '<dial> is not a TwiML element',
    ],
    ['an unknown element', '<Response><Teleport/></Response>', '<Teleport> is not a TwiML element'],
    [
      'a namespaced element',
      '<Response xmlns:t="urn:t"><t:Dial>+19005550100</t:Dial></Response>',
      '<t:Dial> is not a TwiML element',
    ],
    [
      'a verb inside Say',
      '<Response><Say>Hi<Dial>+19005550100</Dial></Say></Response>',
      '<Dial> is not allowed inside <Say>',
    ],
    [
      'entities declared to hide a Dial',
      '<!DOCTYPE Response [<!ENTITY d "<Dial>+19005550100</Dial>">]><Response>&d;</Response>',
      'a document type declaration is not allowed',
    ],
    [
      'Number outside Dial',
      '<Response><Number>+14155550100</Number></Response>',
      '<Number> is not allowed',
    ],
  ])('refuses %s', (_case, xml, expected) => {
    expect(problems(xml).join('\n')).toContain(expected);
  });
});

describe('reviewTwiml with an allowance', () => {
  it.each([
    ['Dial within a prefix', '<Response><Dial>+1 (415) 555-0100</Dial></Response>'],
    [
      'Number nouns within prefixes',
      '<Response><Dial><Number>+14155550100</Number><Number>+16505550100</Number></Dial></Response>',
    ],
    [
      'a Redirect to an allowed host',
      '<Response><Redirect>https://ivr.shop.example/next</Redirect></Response>',
    ],
    [
      'Gather whose action is on an allowed host',
      '<Response><Gather action="https://IVR.shop.example/menu"><Say>Press 1</Say></Gather></Response>',
    ],
    ['Sms within a prefix', '<Response><Sms to="+14155550100">Hi</Sms></Response>'],
  ])('allows %s', (_case, xml) => {
    expect(problems(xml, DIALS_US_WEST)).toEqual([]);
  });

  it.each([
    [
      'Dial to a premium number',
      '<Response><Dial>+19005550100</Dial></Response>',
      'outside this app',
    ],
    [
      'one Number of several outside the prefixes',
      '<Response><Dial><Number>+14155550100</Number><Number>+88213001234</Number></Dial></Response>',
      'reaches +88213001234, outside',
    ],
    [
      'a number without +',
      '<Response><Dial>0119005550100</Dial></Response>',
      'not a number in E.164',
    ],
    [
      'a number written with character references',
      '<Response><Dial>&#43;19005550100</Dial></Response>',
      'not a number in E.164',
    ],
    [
      'Sip, not allowed',
      '<Response><Dial><Sip>sip:a@pbx.example</Sip></Dial></Response>',
      '<Sip> is not allowed',
    ],
    [
      'a Redirect to another host',
      '<Response><Redirect>https://evil.example/x</Redirect></Response>',
      'evil.example',
    ],
    [
      'a Dial action on another host',
      '<Response><Dial action="https://evil.example/after">+14155550100</Dial></Response>',
      'Dial action points at evil.example',
    ],
    [
      'a Number url on another host',
      '<Response><Dial><Number url="https://evil.example/whisper">+14155550100</Number></Dial></Response>',
      'Number url points at evil.example',
    ],
    [
      'Sms to a number outside the prefixes',
      '<Response><Sms to="+19005550100">Hi</Sms></Response>',
      'outside',
    ],
  ])('refuses %s', (_case, xml, expected) => {
    expect(problems(xml, DIALS_US_WEST).join('\n')).toContain(expected);
  });

  it('reports every problem of a document, not only the first', () => {
    const found = problems(
      '<Response><Dial>+19005550100</Dial><Enqueue>q</Enqueue><Redirect>https://x.example/</Redirect></Response>',
      DIALS_US_WEST,
    );
    expect(found).toHaveLength(3);
  });

  it('hands back the caller ids and senders it names, for the sender policy', () => {
    expect(
      reviewTwiml(
        '<Response><Dial callerId="+14155550199">+14155550100</Dial><Sms to="+14155550100" from="Shop">Hi</Sms></Response>',
        DIALS_US_WEST,
      ).senders,
    ).toEqual(['+14155550199', 'Shop']);
  });
});

describe('twimlUrlProblem', () => {
  it('allows a twimlUrl only on the app URL hosts', () => {
    expect(twimlUrlProblem('https://ivr.shop.example/call.xml', DIALS_US_WEST)).toBeUndefined();
    expect(twimlUrlProblem('https://evil.example/call.xml', DIALS_US_WEST)).toContain(
      'evil.example',
    );
    expect(twimlUrlProblem('https://ivr.shop.example/call.xml', NONE)).toContain(
      'not among this app',
    );
  });
});
