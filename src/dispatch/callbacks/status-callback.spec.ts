import { createHmac } from 'node:crypto';
import { signCallback, verifyCallbackSignature } from '../../contract/callback-signature';

const SECRET = 'whsec_test_secret';
const BODY = JSON.stringify({ messageId: 'msg_1', status: 'DELIVERED' });
const NOW = 1_750_000_000;
const TOLERANCE = 300;

describe('signCallback', () => {
  it('is t=<seconds>,v1=<hex HMAC-SHA256 of "t.body">', () => {
    const expected = createHmac('sha256', SECRET).update(`${NOW}.${BODY}`).digest('hex');
    expect(signCallback(SECRET, NOW, BODY)).toBe(`t=${NOW},v1=${expected}`);
  });

  it.each([1.5, -1, Number.NaN])('refuses the timestamp %s', (timestamp) => {
    expect(() => signCallback(SECRET, timestamp, BODY)).toThrow(RangeError);
  });
});

describe('verifyCallbackSignature', () => {
  const header = signCallback(SECRET, NOW, BODY);

  it('accepts its own signature', () => {
    expect(verifyCallbackSignature(SECRET, header, BODY, TOLERANCE, NOW)).toBe(true);
  });

  it('accepts within the tolerance either side, for clock skew', () => {
    expect(verifyCallbackSignature(SECRET, header, BODY, TOLERANCE, NOW + TOLERANCE)).toBe(true);
    expect(verifyCallbackSignature(SECRET, header, BODY, TOLERANCE, NOW - TOLERANCE)).toBe(true);
  });

  it('refuses a tampered body', () => {
    const tampered = BODY.replace('DELIVERED', 'FAILED');
    expect(verifyCallbackSignature(SECRET, header, tampered, TOLERANCE, NOW)).toBe(false);
    expect(verifyCallbackSignature(SECRET, header, `${BODY} `, TOLERANCE, NOW)).toBe(false);
  });

  it('refuses another secret', () => {
    expect(verifyCallbackSignature('whsec_other', header, BODY, TOLERANCE, NOW)).toBe(false);
  });

  it('refuses a stale or future timestamp', () => {
    expect(verifyCallbackSignature(SECRET, header, BODY, TOLERANCE, NOW + TOLERANCE + 1)).toBe(
      false,
    );
    expect(verifyCallbackSignature(SECRET, header, BODY, TOLERANCE, NOW - TOLERANCE - 1)).toBe(
      false,
    );
  });

  it('refuses a replay with a fresh timestamp but the old signature', () => {
    const v1 = header.split(',v1=')[1];
    const replay = `t=${NOW + 600},v1=${v1}`;
    expect(verifyCallbackSignature(SECRET, replay, BODY, TOLERANCE, NOW + 600)).toBe(false);
  });

  it('accepts any matching v1 among several (secret rotation)', () => {
    const rotated = `${signCallback('whsec_old', NOW, BODY)},${header.split(',')[1]}`;
    expect(verifyCallbackSignature(SECRET, rotated, BODY, TOLERANCE, NOW)).toBe(true);
    expect(verifyCallbackSignature('whsec_old', rotated, BODY, TOLERANCE, NOW)).toBe(true);
  });

  it('tolerates spaces around the parts', () => {
    const spaced = header.replace(',', ' , ');
    expect(verifyCallbackSignature(SECRET, spaced, BODY, TOLERANCE, NOW)).toBe(true);
  });

  it.each([
    '',
    'garbage',
    `v1=${'0'.repeat(64)}`,
    `t=${NOW}`,
    `t=${NOW},v1=`,
    `t=${NOW},v1=${'0'.repeat(64)}`,
    `t=abc,v1=${'0'.repeat(64)}`,
    `t=${NOW},v1=short`,
  ])('refuses the malformed header %j', (malformed) => {
    expect(verifyCallbackSignature(SECRET, malformed, BODY, TOLERANCE, NOW)).toBe(false);
  });
});
