import { ProviderError, type OutboundMessage } from '../../contract/provider';
import { recipientOf, sendOutcome, statusCallbackUrl } from './twilio-send';
import { twilioCallStatus, twilioMessageStatus } from './twilio-status';

const message = (to: string[]): OutboundMessage => ({
  id: 'm1',
  appId: 'a1',
  channel: 'sms',
  to,
  content: {},
  metadata: {},
});

describe('statusCallbackUrl', () => {
  it('points at the Twilio webhook route under PUBLIC_URL', () => {
    expect(statusCallbackUrl('https://switchboard.example.com')).toBe(
      'https://switchboard.example.com/api/v1/webhooks/twilio',
    );
    expect(statusCallbackUrl('https://example.com/gateway/')).toBe(
      'https://example.com/gateway/api/v1/webhooks/twilio',
    );
  });

  it('is absent without PUBLIC_URL', () => {
    expect(statusCallbackUrl(undefined)).toBeUndefined();
  });
});

describe('recipientOf', () => {
  it('is the first address', () => {
    expect(recipientOf(message(['+14155550100']))).toBe('+14155550100');
  });

  it('is an INVALID_RECIPIENT error when there is none', () => {
    expect(() => recipientOf(message([]))).toThrow(ProviderError);
    expect(() => recipientOf(message([]))).toThrow('the message has no recipient');
  });
});

describe('sendOutcome', () => {
  it('reports a created message as SENT with its SID and Twilio state', () => {
    expect(
      sendOutcome({ ok: true, resource: { sid: 'SM1', status: 'queued' } }, twilioMessageStatus),
    ).toEqual({ providerMessageId: 'SM1', status: 'SENT', providerStatus: 'queued' });
  });

  it('reports DELIVERED when Twilio already says so', () => {
    expect(
      sendOutcome({ ok: true, resource: { sid: 'CA1', status: 'completed' } }, twilioCallStatus),
    ).toEqual({ providerMessageId: 'CA1', status: 'DELIVERED', providerStatus: 'completed' });
  });

  it('throws the failure as a categorised ProviderError', () => {
    const failed = (): unknown =>
      sendOutcome(
        { ok: false, failure: { kind: 'http', httpStatus: 429, code: 20429, message: '' } },
        twilioMessageStatus,
      );
    expect(failed).toThrow(ProviderError);
    expect(failed).toThrow('too many concurrent requests to Twilio (Twilio 20429)');
  });
});
