import { createHash } from 'node:crypto';
import { requestHash } from './request-hash';

describe('requestHash', () => {
  it('is SHA-256 of the kind and the canonical JSON of the body', () => {
    expect(requestHash('sms', { to: '+15555550100', body: 'hi' })).toBe(
      createHash('sha256').update('sms\n{"body":"hi","to":"+15555550100"}').digest('hex'),
    );
  });

  it('reads the same body the same whatever the order of its keys', () => {
    expect(requestHash('email', { a: 1, b: { c: 2, d: 3 } })).toBe(
      requestHash('email', { b: { d: 3, c: 2 }, a: 1 }),
    );
  });

  it('tells bodies apart, and the same body for another kind', () => {
    const body = { to: '+15555550100', body: 'hi' };
    expect(requestHash('sms', body)).not.toBe(requestHash('sms', { ...body, body: 'ho' }));
    expect(requestHash('sms', body)).not.toBe(requestHash('whatsapp', body));
  });
});
