import { readTwilioStatusCallback } from './twilio-report';

const AT = new Date('2030-01-01T12:00:00Z');
const ACCOUNT = { AccountSid: 'AC0123456789abcdef0123456789abcdef', ApiVersion: '2010-04-01' };

describe('readTwilioStatusCallback', () => {
  it.each([
    ['sent', 'SENT', 'sent'],
    ['delivered', 'DELIVERED', 'delivered'],
    ['read', 'DELIVERED', 'read'],
    ['undelivered', 'UNDELIVERABLE', 'undelivered'],
    ['failed', 'FAILED', 'failed'],
  ])('reads a message in state %s as %s', (state, status, event) => {
    const callback = readTwilioStatusCallback(
      { ...ACCOUNT, MessageSid: 'SM0001', MessageStatus: state, SmsStatus: state },
      AT,
    );
    expect(callback).toMatchObject({
      sid: 'SM0001',
      report: { providerStatus: state, status, event: { type: event, at: AT } },
    });
  });

  it("words a message's error code with its reason, and keeps the code", () => {
    const callback = readTwilioStatusCallback(
      { ...ACCOUNT, MessageSid: 'SM0002', MessageStatus: 'undelivered', ErrorCode: '30003' },
      AT,
    );
    expect(callback?.report.event).toEqual({
      type: 'undelivered',
      at: AT,
      detail: 'the destination handset is unreachable (Twilio error 30003)',
    });
  });

  it("keeps an unknown error code with the state's own reason", () => {
    const callback = readTwilioStatusCallback(
      { MessageSid: 'SM0003', MessageStatus: 'failed', ErrorCode: '39999' },
      AT,
    );
    expect(callback?.report.event.detail).toBe(
      'Twilio could not send the message (Twilio error 39999)',
    );
  });

  it.each([
    ['ringing', 'SENT', 'ringing'],
    ['in-progress', 'SENT', 'answered'],
    ['completed', 'DELIVERED', 'completed'],
    ['failed', 'FAILED', 'failed'],
    ['canceled', 'CANCELED', 'canceled'],
  ])('reads a call in state %s as %s', (state, status, event) => {
    expect(
      readTwilioStatusCallback({ ...ACCOUNT, CallSid: 'CA0001', CallStatus: state }, AT),
    ).toMatchObject({
      sid: 'CA0001',
      report: { providerStatus: state, status, event: { type: event } },
    });
  });

  it.each(['busy', 'no-answer'])(
    'reads a call that ended %s as UNDELIVERABLE, saying it is over',
    (state) => {
      const callback = readTwilioStatusCallback({ CallSid: 'CA0002', CallStatus: state }, AT);
      expect(callback?.report).toMatchObject({ providerStatus: state, status: 'UNDELIVERABLE' });
      expect(callback?.report.event).toEqual({
        type: state,
        at: AT,
        detail: expect.stringContaining('this call is over'),
      });
    },
  );

  it('notes who answered when machine detection was on', () => {
    const callback = readTwilioStatusCallback(
      { CallSid: 'CA0003', CallStatus: 'completed', AnsweredBy: 'machine_start' },
      AT,
    );
    expect(callback?.report.event.detail).toBe('answered by machine_start');
  });

  it('keeps a state it does not know as an event that means no status', () => {
    expect(
      readTwilioStatusCallback({ MessageSid: 'SM0004', MessageStatus: 'partially_delivered' }, AT),
    ).toEqual({
      sid: 'SM0004',
      report: {
        providerStatus: 'partially_delivered',
        event: { type: 'partially_delivered', at: AT },
      },
    });
  });

  it('reads nothing from a request without a SID and its state, or with either sent twice', () => {
    expect(readTwilioStatusCallback({ ...ACCOUNT }, AT)).toBeUndefined();
    expect(readTwilioStatusCallback({ MessageSid: 'SM0005' }, AT)).toBeUndefined();
    expect(readTwilioStatusCallback({ CallStatus: 'completed' }, AT)).toBeUndefined();
    expect(
      readTwilioStatusCallback({ MessageSid: 'SM0006', MessageStatus: '' }, AT),
    ).toBeUndefined();
    expect(
      readTwilioStatusCallback({ MessageSid: ['SM0007', 'SM0008'], MessageStatus: 'sent' }, AT),
    ).toBeUndefined();
  });
});
