import { generateVAPIDKeys } from 'web-push';
import { base64UrlLength } from '../../common/validation/base64url';

/** A VAPID key pair (RFC 8292) as base64url: the P-256 public point and private scalar. */
export interface VapidKeys {
  readonly publicKey: string;
  readonly privateKey: string;
}

/** Why a VAPID public key is unusable, or undefined: 65 bytes, an uncompressed point (0x04). */
export function vapidPublicKeyProblem(value: string): string | undefined {
  if (base64UrlLength(value) !== 65 || Buffer.from(value, 'base64url')[0] !== 4)
    return 'must be an uncompressed P-256 public key: 65 bytes in base64url';
  return undefined;
}

/** Why a VAPID private key is unusable, or undefined: 32 bytes. */
export function vapidPrivateKeyProblem(value: string): string | undefined {
  if (base64UrlLength(value) !== 32) return 'must be a P-256 private key: 32 bytes in base64url';
  return undefined;
}

/** Why a VAPID subject is unusable, or undefined: the push service's contact for the sender. */
export function vapidSubjectProblem(value: string): string | undefined {
  if (!URL.canParse(value)) return 'must be a mailto: or https: URL';
  const { protocol } = new URL(value);
  return protocol === 'mailto:' || protocol === 'https:'
    ? undefined
    : 'must be a mailto: or https: URL';
}

/** A fresh pair, for the embedded default where none is configured. */
export function newVapidKeys(): VapidKeys {
  const { publicKey, privateKey } = generateVAPIDKeys();
  return { publicKey, privateKey };
}
