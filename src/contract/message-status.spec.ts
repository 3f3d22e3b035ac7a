import { canMove, isFinal } from './message-status';

describe('status moves', () => {
  it('only moves forward', () => {
    expect(canMove('QUEUED', 'SENT')).toBe(true);
    expect(canMove('SENT', 'DELIVERED')).toBe(true);
    expect(canMove('DELIVERED', 'SENT')).toBe(false);
    expect(canMove('SENT', 'QUEUED')).toBe(false);
  });

  it('lets attempts alternate SENDING and RETRYING', () => {
    expect(canMove('SENDING', 'RETRYING')).toBe(true);
    expect(canMove('RETRYING', 'SENDING')).toBe(true);
  });

  it('never leaves a final status', () => {
    for (const status of ['DELIVERED', 'FAILED', 'UNDELIVERABLE', 'CANCELED'] as const) {
      expect(isFinal(status)).toBe(true);
      expect(canMove(status, 'FAILED')).toBe(false);
    }
  });
});
