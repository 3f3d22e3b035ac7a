import { ValidationFailed } from '../common/errors/api-error';
import { sendOptions } from './send-options';

describe('sendOptions', () => {
  it('reads wait=N from Prefer and caps it at 30 seconds', () => {
    expect(sendOptions(undefined, 'wait=5')).toEqual({ waitSeconds: 5 });
    expect(sendOptions(undefined, 'respond-async, wait=100')).toEqual({ waitSeconds: 30 });
    expect(sendOptions(undefined, 'return=minimal')).toEqual({});
  });

  it('takes visible ASCII idempotency keys up to 255 characters', () => {
    expect(sendOptions('order-2891', undefined)).toEqual({ idempotencyKey: 'order-2891' });
    expect(() => sendOptions('', undefined)).toThrow(ValidationFailed);
    expect(() => sendOptions('a'.repeat(256), undefined)).toThrow(ValidationFailed);
    expect(() => sendOptions('with space', undefined)).toThrow(ValidationFailed);
  });
});
