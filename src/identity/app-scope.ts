/**
 * A tenant's view: every message query that serves a caller takes one, so a query without an
 * app id does not compile. Build it only from the caller's credentials (`scopeOf`).
 */
export interface AppScope {
  readonly appId: string;
}
