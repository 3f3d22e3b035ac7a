import type { Principal } from './principal';

/** Who asked for a message: an app's key, or the subject of a token. */
export type RequestedBy =
  | { readonly type: 'apiKey'; readonly keyId: string }
  | { readonly type: 'jwt'; readonly subject: string };

export const requestedBy = (principal: Principal): RequestedBy =>
  principal.kind === 'apiKey'
    ? { type: 'apiKey', keyId: principal.keyId }
    : { type: 'jwt', subject: principal.subject };
