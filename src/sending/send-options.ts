import { ValidationFailed } from '../common/errors/api-error';
import type { SendOptions } from './send-request';

/** The longest `Prefer: wait` a send is held for. */
export const MAX_WAIT_SECONDS = 30;
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/**
 * `Idempotency-Key` (1..255 visible ASCII characters) and `Prefer: wait=N` (RFC 7240; N is
 * capped at 30 seconds).
 */
export function sendOptions(
  idempotencyKey: string | undefined,
  prefer: string | undefined,
): SendOptions {
  if (idempotencyKey !== undefined && !KEY_PATTERN.test(idempotencyKey)) {
    throw new ValidationFailed([
      {
        field: 'Idempotency-Key',
        code: 'invalid_idempotency_key',
        message: 'Idempotency-Key must be 1 to 255 visible ASCII characters',
      },
    ]);
  }
  const wait = /(?:^|[,;\s])wait\s*=\s*(\d+)/i.exec(prefer ?? '')?.[1];
  return {
    ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
    ...(wait === undefined ? {} : { waitSeconds: Math.min(MAX_WAIT_SECONDS, Number(wait)) }),
  };
}
