/**
 * The log and claims a DispatchClaims contract runs against. `useClaimStores` opens them for the
 * suite it is called in; `log` and `claims` are live bindings, read wherever a case names them.
 */
import type { DispatchClaims } from '../../src/dispatch/dispatch-claims';
import type { MessageLog } from '../../src/message-log/message-log';
import { type MessageStoresFixture, suiteStores } from './message-fixtures';

export let log: MessageLog;
export let claims: DispatchClaims;

export function useClaimStores(open: () => Promise<MessageStoresFixture>): void {
  const stores = suiteStores(open);
  beforeAll(() => {
    ({ log, claims } = stores());
  });
}
