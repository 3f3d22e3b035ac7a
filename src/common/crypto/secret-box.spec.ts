import { randomBytes } from 'node:crypto';
import { keyIdOf, SecretBox, SecretUnreadableError } from './secret-box';

const KEY_A = randomBytes(32);
const KEY_B = randomBytes(32);
const CONTEXT = 'app:app_1:callbackSecret';
const SECRET = 'whsec_the-secret-that-signs-callbacks';

describe('SecretBox', () => {
  const box = new SecretBox({ current: KEY_A });

  it('seals as enc:v1:<key id>:<base64url>, never holding the plain text', () => {
    const sealed = box.seal(SECRET, CONTEXT);
    expect(sealed).toMatch(new RegExp(`^enc:v1:${keyIdOf(KEY_A)}:[A-Za-z0-9_-]+$`));
    expect(sealed).not.toContain(SECRET);
    expect(Buffer.from(sealed.split(':')[3], 'base64url').toString('latin1')).not.toContain(
      'whsec',
    );
    expect(box.open(sealed, CONTEXT)).toBe(SECRET);
  });

  it('uses a fresh nonce each time: the same secret seals differently', () => {
    expect(box.seal(SECRET, CONTEXT)).not.toBe(box.seal(SECRET, CONTEXT));
  });

  it('refuses a value moved to another record (another context)', () => {
    const sealed = box.seal(SECRET, CONTEXT);
    expect(() => box.open(sealed, 'app:app_2:callbackSecret')).toThrow(SecretUnreadableError);
  });

  it('refuses an altered value', () => {
    const sealed = box.seal(SECRET, CONTEXT);
    const bytes = Buffer.from(sealed.split(':')[3], 'base64url');
    bytes[14] ^= 1;
    const altered = `${sealed.split(':').slice(0, 3).join(':')}:${bytes.toString('base64url')}`;
    expect(() => box.open(altered, CONTEXT)).toThrow(SecretUnreadableError);
    expect(() => box.open(sealed.slice(0, 30), CONTEXT)).toThrow(SecretUnreadableError);
  });

  it('opens a plain value (stored before a key was set) as itself', () => {
    expect(box.open(SECRET, CONTEXT)).toBe(SECRET);
    expect(box.isStale(SECRET)).toBe(true);
  });

  it('keeps values plain without a current key, and cannot open sealed ones then', () => {
    const keyless = new SecretBox({});
    expect(keyless.sealing).toBe(false);
    expect(keyless.seal(SECRET, CONTEXT)).toBe(SECRET);
    expect(() => keyless.open(box.seal(SECRET, CONTEXT), CONTEXT)).toThrow(
      /neither ENCRYPTION_KEY nor in ENCRYPTION_KEYS_OLD/,
    );
  });

  it('rotates: an old key still opens, reseal moves a value to the current key', () => {
    const sealedWithA = box.seal(SECRET, CONTEXT);
    const rotated = new SecretBox({ current: KEY_B, old: [KEY_A] });
    expect(rotated.open(sealedWithA, CONTEXT)).toBe(SECRET);
    expect(rotated.isStale(sealedWithA)).toBe(true);
    const resealed = rotated.reseal(sealedWithA, CONTEXT);
    expect(resealed.startsWith(`enc:v1:${keyIdOf(KEY_B)}:`)).toBe(true);
    expect(rotated.isStale(resealed)).toBe(false);
    expect(new SecretBox({ current: KEY_B }).open(resealed, CONTEXT)).toBe(SECRET);
    expect(() => new SecretBox({ current: KEY_B }).open(sealedWithA, CONTEXT)).toThrow(
      SecretUnreadableError,
    );
  });

  it('names keys by an id that does not reveal them', () => {
    expect(keyIdOf(KEY_A)).toMatch(/^[0-9a-f]{16}$/);
    expect(keyIdOf(KEY_A)).not.toBe(keyIdOf(KEY_B));
    expect(KEY_A.toString('hex')).not.toContain(keyIdOf(KEY_A));
  });

  it('refuses keys that are not 32 bytes', () => {
    expect(() => new SecretBox({ current: randomBytes(16) })).toThrow(RangeError);
  });
});
