import { createHash } from 'node:crypto';
import { canonicalJson } from '../common/json/canonical-json';

/**
 * What tells a replay from a reuse of an Idempotency-Key with another request: SHA-256 (hex) of
 * what the request makes (a channel's message, a broadcast) and its body in canonical JSON, so
 * that the same request reads the same however its keys were ordered.
 */
export const requestHash = (kind: string, body: unknown): string =>
  createHash('sha256')
    .update(`${kind}\n${canonicalJson(body)}`)
    .digest('hex');
