import { createHmac } from 'node:crypto';
import { TwilioSignatureVerifier, type TwilioSignedRequest } from './twilio-signature';

/** The example request of Twilio's security documentation, with the signature it gives. */
const TWILIO_EXAMPLE = {
  authToken: '12345',
  url: 'https://mycompany.com/myapp.php?foo=1&bar=2',
  params: {
    CallSid: 'CA1234567890ABCDE',
    Caller: '+14158675309',
    Digits: '1234',
    From: '+14158675309',
    To: '+18005551212',
  },
  signature: 'RSOYDt4T1cUTdK1PDd93/VVr8B8=',
};

const request = (overrides: Partial<TwilioSignedRequest> = {}): TwilioSignedRequest => ({
  url: TWILIO_EXAMPLE.url,
  params: TWILIO_EXAMPLE.params,
  signature: TWILIO_EXAMPLE.signature,
  ...overrides,
});

describe('TwilioSignatureVerifier', () => {
  const verifier = new TwilioSignatureVerifier();
  const token = TWILIO_EXAMPLE.authToken;

  it("accepts the example of Twilio's documentation", () => {
    expect(verifier.isSignedByAny(request(), [token])).toBe(true);
  });

  it('accepts when any of the tokens signed, and refuses when none did', () => {
    expect(verifier.isSignedByAny(request(), ['another-token', token])).toBe(true);
    expect(verifier.isSignedByAny(request(), ['another-token'])).toBe(false);
    expect(verifier.isSignedByAny(request(), [])).toBe(false);
  });

  it('refuses a missing or empty signature', () => {
    expect(verifier.isSignedByAny(request({ signature: undefined }), [token])).toBe(false);
    expect(verifier.isSignedByAny(request({ signature: '' }), [token])).toBe(false);
  });

  it('refuses a changed parameter, an added one, or another URL', () => {
    const params = TWILIO_EXAMPLE.params;
    expect(
      verifier.isSignedByAny(request({ params: { ...params, Digits: '1235' } }), [token]),
    ).toBe(false);
    expect(verifier.isSignedByAny(request({ params: { ...params, Extra: '' } }), [token])).toBe(
      false,
    );
    expect(
      verifier.isSignedByAny(request({ url: 'https://mycompany.com/myapp.php?foo=1' }), [token]),
    ).toBe(false);
    expect(
      verifier.isSignedByAny(request({ url: 'http://mycompany.com/myapp.php?foo=1&bar=2' }), [
        token,
      ]),
    ).toBe(false);
  });

  it('refuses a signature of another length or a truncated one', () => {
    const { signature } = TWILIO_EXAMPLE;
    expect(verifier.isSignedByAny(request({ signature: signature.slice(0, -1) }), [token])).toBe(
      false,
    );
    expect(verifier.isSignedByAny(request({ signature: `${signature}=` }), [token])).toBe(false);
  });

  it('accepts the URL signed with its default port as well as without', () => {
    const url = 'https://gateway.example.com/api/v1/webhooks/twilio';
    const params = { MessageSid: 'SM0001', MessageStatus: 'delivered' };
    const signed =
      'https://gateway.example.com:443/api/v1/webhooks/twilio' +
      'MessageSidSM0001MessageStatusdelivered';
    const signature = createHmac('sha1', token).update(signed).digest('base64');
    expect(verifier.isSignedByAny({ url, params, signature }, [token])).toBe(true);
  });
});
