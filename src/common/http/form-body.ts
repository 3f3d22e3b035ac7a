import { urlencoded } from 'express';
import type { BodyReader } from './body-reading';

/**
 * Form bodies (`application/x-www-form-urlencoded`), as some providers post their callbacks: flat
 * name/value pairs, each value kept as sent (no nested `a[b]` objects), small. The API's JSON
 * parser leaves these bodies alone; its errors reach the exception filter like any other.
 */
export const formBodies: BodyReader = () =>
  urlencoded({ extended: false, limit: '64kb', type: 'application/x-www-form-urlencoded' });
