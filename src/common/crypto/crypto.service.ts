import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';

/** Randomness and hashing, in one place so the rest of the code never touches node:crypto. */
@Injectable()
export class CryptoService {
  randomBytes(size: number): Buffer {
    return randomBytes(size);
  }

  /** URL-safe random token of `bytes` bytes of entropy. */
  randomToken(bytes: number): string {
    return randomBytes(bytes).toString('base64url');
  }

  /**
   * Time-ordered id: 4 bytes of seconds then 8 random bytes, as hex, after a type prefix
   * (`app_6553f1a0c9e77a12b3c4d5e6`). Sorting ids sorts by creation second.
   */
  newId(prefix: string, now: Date): string {
    const seconds = Buffer.alloc(4);
    seconds.writeUInt32BE(Math.floor(now.getTime() / 1000));
    return `${prefix}_${seconds.toString('hex')}${randomBytes(8).toString('hex')}`;
  }

  sha256(value: string): Buffer {
    return createHash('sha256').update(value).digest();
  }

  /** Constant-time comparison; unequal lengths are unequal without leaking where they differ. */
  equal(a: Buffer, b: Buffer): boolean {
    return a.length === b.length && timingSafeEqual(a, b);
  }
}
