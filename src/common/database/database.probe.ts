/** Tells whether the store's database answers; used by health and readiness. */
export abstract class DatabaseProbe {
  abstract readonly kind: 'mongodb' | 'memory';
  abstract ping(): Promise<void>;
}
