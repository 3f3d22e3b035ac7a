import { byText } from '../common/database/keyset';
import type { Suppression, SuppressionPage } from './suppression.model';

/** Lists run in address order; an address is unique within its app's list. */
export const BY_ADDRESS = byText('address');
export const addressOf = (suppression: Suppression): string => suppression.address;

export type AddOutcome =
  | { readonly kind: 'added'; readonly suppression: Suppression }
  /** The address was on the list already: the entry that stands, unchanged. */
  | { readonly kind: 'exists'; readonly suppression: Suppression };

/**
 * Persistence of each app's suppression list. Two adapters, MongoDB and memory, pass one
 * contract suite (test/stores/suppression-store.contract.ts). Addresses are given lower-cased.
 */
export abstract class SuppressionStore {
  /** Adds the address unless the app lists it already; the first entry wins, even in a race. */
  abstract add(suppression: Suppression): Promise<AddOutcome>;
  /** The app's entries for those of `addresses` it lists. */
  abstract findAmong(appId: string, addresses: readonly string[]): Promise<readonly Suppression[]>;
  /** The app's entries in address order, `limit` at a time, after the address `after`. */
  abstract list(appId: string, limit: number, after?: string): Promise<SuppressionPage>;
  /** Removes the entry; false when the app did not list the address. */
  abstract remove(appId: string, address: string): Promise<boolean>;
}
