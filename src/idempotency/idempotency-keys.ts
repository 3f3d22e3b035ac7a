/** What a key makes: the keys of sends and those of broadcasts never meet. */
export type KeySpace = 'messages' | 'broadcasts';

/** One app's `Idempotency-Key` in one space. */
export interface KeyName {
  readonly space: KeySpace;
  readonly appId: string;
  readonly key: string;
}

/** What the first request with a key was answered: its status code and its JSON text. */
export interface KeyAnswer {
  readonly status: number;
  readonly body: string;
}

/** A key as stored: the record it names, the hash of the request that made it, its lifetime. */
export interface KeyEntry extends KeyName {
  readonly recordId: string;
  readonly requestHash: string;
  /** After this the key may name a new record. */
  readonly expiresAt: Date;
  /** The first answer, once it was given; replays give it again. */
  readonly answer?: KeyAnswer;
}

/**
 * Persistence of idempotency keys, for message sends and broadcasts alike. Two adapters, MongoDB
 * and memory, pass one contract suite (test/stores/idempotency-keys.contract.ts). A key is
 * created by one request only, however many race; `insertOnce` builds the whole protocol of a
 * keyed write on these steps.
 */
export abstract class IdempotencyKeys {
  /** Stores the entry unless its key exists; false when it does. */
  abstract create(entry: KeyEntry): Promise<boolean>;
  abstract find(name: KeyName): Promise<KeyEntry | undefined>;
  /** Replaces the key's entry by `next`, only if it is still `existing` as read; false otherwise. */
  abstract replace(existing: KeyEntry, next: KeyEntry): Promise<boolean>;
  /** Keeps the first answer of a key that still names `recordId`; a later answer changes nothing. */
  abstract recordAnswer(name: KeyName, recordId: string, answer: KeyAnswer): Promise<void>;
  /** Deletes the keys whose life ended; returns how many. */
  abstract purgeExpired(now: Date): Promise<number>;
}

/** A key's name as one text; neither the space nor an app id holds a colon, so it is unambiguous. */
export const keyIdOf = (name: KeyName): string => `${name.space}:${name.appId}:${name.key}`;
