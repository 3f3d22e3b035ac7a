import type { KeysetOrder } from '../common/database/keyset';
import type { Suppression, SuppressionPage } from './suppression.model';

/**
 * An entry's place in a list: its address, and after a line break its topic when it has one
 * (addresses hold no line breaks). An address's entry for every topic comes first.
 */
export const positionOf = (suppression: Pick<Suppression, 'address' | 'topic'>): string =>
  suppression.topic === undefined
    ? suppression.address
    : `${suppression.address}\n${suppression.topic}`;

/** Lists run by address, then topic; an address has one entry per topic (or for all). */
export const BY_ADDRESS: KeysetOrder<string> = {
  fields: ['address', 'topic'],
  direction: 1,
  valuesOf: (position) => {
    const [address = '', topic = ''] = position.split('\n');
    return [address, topic];
  },
};

/** Whether an entry refuses an email naming `topic` (or none): one for every topic always does. */
export const blocks = (suppression: Suppression, topic: string | undefined): boolean =>
  suppression.topic === undefined || suppression.topic === topic;

export type AddOutcome =
  | { readonly kind: 'added'; readonly suppression: Suppression }
  /** The address was on the list already for that topic: the entry that stands, unchanged. */
  | { readonly kind: 'exists'; readonly suppression: Suppression };

/**
 * Persistence of each app's suppression list. Two adapters, MongoDB and memory, pass one
 * contract suite (test/stores/suppression-store.contract.ts). Addresses are given lower-cased.
 */
export abstract class SuppressionStore {
  /**
   * Adds the address for its topic (or for all) unless the app lists it so already; the first
   * entry wins, even in a race.
   */
  abstract add(suppression: Suppression): Promise<AddOutcome>;
  /**
   * The app's entries for those of `addresses` that refuse an email naming `topic`: those for
   * every topic, and those for that topic.
   */
  abstract findAmong(
    appId: string,
    addresses: readonly string[],
    topic?: string,
  ): Promise<readonly Suppression[]>;
  /** The app's entries in list order, `limit` at a time, after the position `after`. */
  abstract list(appId: string, limit: number, after?: string): Promise<SuppressionPage>;
  /** Removes the entry for `topic` (or for all); false when the app did not list it so. */
  abstract remove(appId: string, address: string, topic?: string): Promise<boolean>;
}
