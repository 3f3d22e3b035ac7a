import { createHash, randomBytes, randomFillSync, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';

/** Random bytes drawn at once for ids: one call to the system's generator serves 512 ids. */
const ID_POOL_BYTES = 4096;
const ID_RANDOM_BYTES = 8;

/** Randomness and hashing, in one place so the rest of the code never touches node:crypto. */
@Injectable()
export class CryptoService {
  private readonly idPool = Buffer.alloc(ID_POOL_BYTES);
  private idPoolOffset = ID_POOL_BYTES;

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
    const seconds = (Math.floor(now.getTime() / 1000) >>> 0).toString(16).padStart(8, '0');
    return `${prefix}_${seconds}${this.idRandom()}`;
  }

  /**
   * 8 random bytes as hex, from a pool filled by the system's generator when used up (as Node
   * does for `randomUUID`): ids are not secrets, and one fill per 512 ids is far cheaper
   * than a call per id. Bytes are never handed out twice.
   */
  private idRandom(): string {
    if (this.idPoolOffset + ID_RANDOM_BYTES > ID_POOL_BYTES) {
      randomFillSync(this.idPool);
      this.idPoolOffset = 0;
    }
    const start = this.idPoolOffset;
    this.idPoolOffset += ID_RANDOM_BYTES;
    return this.idPool.toString('hex', start, this.idPoolOffset);
  }

  sha256(value: string): Buffer {
    return createHash('sha256').update(value).digest();
  }

  /** Constant-time comparison; unequal lengths are unequal without leaking where they differ. */
  equal(a: Buffer, b: Buffer): boolean {
    return a.length === b.length && timingSafeEqual(a, b);
  }
}
