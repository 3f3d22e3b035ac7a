import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/** Marks a sealed value; anything else was stored in plain text (no key, or before one was set). */
const PREFIX = 'enc:v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Raised when a sealed value cannot be opened: its key is not configured, or it was altered. */
export class SecretUnreadableError extends Error {
  constructor(readonly reason: string) {
    super(`a stored secret cannot be read: ${reason}`);
    this.name = 'SecretUnreadableError';
  }
}

/** The keys secrets at rest are sealed with: `current` seals and opens, `old` only open. */
export interface SealingKeys {
  readonly current?: Buffer;
  readonly old?: readonly Buffer[];
}

/**
 * Names a key without revealing it: the start of a SHA-256 over a label and the key, so that a
 * sealed value says which key opens it and keys can be rotated.
 */
export function keyIdOf(key: Buffer): string {
  return createHash('sha256')
    .update('switchboard:encryption-key-id:')
    .update(key)
    .digest('hex')
    .slice(0, 16);
}

/**
 * Secrets at rest (ENCRYPTION_KEY): AES-256-GCM with a fresh 96-bit nonce per value, stored as
 * `enc:v1:<key id>:<base64url nonce | ciphertext | tag>`. `context` (which record and field a
 * value belongs to) is authenticated with it, so a sealed value copied onto another record does
 * not open there. Without a current key values are kept as given, and a value without the prefix
 * opens as itself: secrets written before a key was configured stay readable until `cli
 * re-encrypt` seals them.
 */
export class SecretBox {
  private readonly current?: { readonly id: string; readonly key: Buffer };
  private readonly keys = new Map<string, Buffer>();

  constructor({ current, old = [] }: SealingKeys) {
    for (const key of [...old, ...(current ? [current] : [])]) {
      if (key.length !== 32) throw new RangeError('encryption keys are 32 bytes');
      this.keys.set(keyIdOf(key), key);
    }
    if (current) this.current = { id: keyIdOf(current), key: current };
  }

  /** Whether values are sealed at all (a current key is configured). */
  get sealing(): boolean {
    return this.current !== undefined;
  }

  seal(plain: string, context: string): string {
    if (!this.current) return plain;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const sealed = Buffer.concat([iv, cipher.update(plain, 'utf8'), cipher.final()]);
    const payload = Buffer.concat([sealed, cipher.getAuthTag()]).toString('base64url');
    return `${PREFIX}${this.current.id}:${payload}`;
  }

  open(stored: string, context: string): string {
    if (!stored.startsWith(PREFIX)) return stored;
    const rest = stored.slice(PREFIX.length);
    const keyId = rest.slice(0, Math.max(rest.indexOf(':'), 0));
    const key = this.keys.get(keyId);
    if (!key) {
      throw new SecretUnreadableError(
        `it was sealed with key ${keyId || '?'}, which is neither ENCRYPTION_KEY nor in ENCRYPTION_KEYS_OLD`,
      );
    }
    const payload = rest.slice(keyId.length + 1);
    const bytes = Buffer.from(payload, 'base64url');
    if (bytes.length < IV_BYTES + TAG_BYTES) throw new SecretUnreadableError('it is truncated');
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
      const body = bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES);
      return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretUnreadableError(
        'it does not authenticate (altered, or moved from another record)',
      );
    }
  }

  /** Whether `stored` is not sealed with the current key (and so `reseal` would change it). */
  isStale(stored: string): boolean {
    if (!this.current) return false;
    return !stored.startsWith(`${PREFIX}${this.current.id}:`);
  }

  /** The value sealed with the current key, opened with whichever key sealed it. */
  reseal(stored: string, context: string): string {
    return this.seal(this.open(stored, context), context);
  }
}
