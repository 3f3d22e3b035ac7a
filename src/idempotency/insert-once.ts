import { setTimeout as sleep } from 'node:timers/promises';
import { DuplicateKeyError } from '../common/database/persistence-errors';
import type { IdempotencyKeys, KeyEntry, KeyName, KeySpace } from './idempotency-keys';

/** How long a live key's record may take to appear before its writer is taken for crashed. */
const KEY_WRITER_GRACE_MS = 250;
const KEY_WRITER_POLL_MS = 25;
/** Each round ends because another request changed the key; more than a few is contention. */
const KEY_ROUNDS = 5;

/** What a record (a message, a broadcast) holds of the Idempotency-Key it was sent with. */
export interface KeyedFields {
  readonly id: string;
  readonly appId: string;
  readonly idempotencyKey?: string;
  /** `requestHash` of the request that made the record. */
  readonly requestHash?: string;
  /** Until when the key names this record. */
  readonly idempotencyExpiresAt?: Date;
  /** The moment the key is checked against. */
  readonly createdAt: Date;
}

/** The store of the records keys name, as a keyed write reaches it. */
export interface KeyedRecords<T> {
  /** A DuplicateKeyError when the record's id is taken. */
  insert(record: T): Promise<void>;
  find(id: string): Promise<T | undefined>;
}

/** The record a live key names, with the hash of the request that made it. */
export interface KeyedRecord<T> {
  readonly record: T;
  readonly requestHash: string;
}

export type KeyedOutcome<T> =
  /** Written now: under the id asked for, or under the id a crashed writer of the key promised. */
  | { readonly kind: 'created'; readonly record: T }
  /** The key was used before, within its lifetime: its first record, nothing written. */
  | ({ readonly kind: 'replayed' } & KeyedRecord<T>)
  /** Other requests with the key kept changing it: nothing was written; try again. */
  | { readonly kind: 'busy' };

/** The record a live key names at `at`; undefined when the key is free (or its record gone). */
export async function keyedRecord<T>(
  keys: IdempotencyKeys,
  name: KeyName,
  at: Date,
  records: KeyedRecords<T>,
): Promise<KeyedRecord<T> | undefined> {
  const entry = await keys.find(name);
  if (!entry || entry.expiresAt <= at) return undefined;
  const record = await records.find(entry.recordId);
  return record && { record, requestHash: entry.requestHash };
}

/**
 * Writes a record, once per key when it carries one, however many requests with the key race.
 * The key is taken first, by creating its entry, which only one request can do; the record
 * follows in a second write. A request that finds the key live answers the record it names;
 * one that finds it expired takes it over. A key whose record does not appear within a grace
 * period belongs to a writer that stopped between its two writes: the record it promised is
 * written now, under the id the key records, so that a late writer collides with it instead
 * of adding another.
 */
export async function insertOnce<T extends KeyedFields>(
  keys: IdempotencyKeys,
  space: KeySpace,
  record: T,
  records: KeyedRecords<T>,
): Promise<KeyedOutcome<T>> {
  const entry = entryOf(space, record);
  if (!entry) {
    await records.insert(record);
    return { kind: 'created', record };
  }
  const write = (held: KeyEntry) =>
    writeKeyed(keys, held, { ...record, id: held.recordId }, records);
  for (let round = 0; round < KEY_ROUNDS; round += 1) {
    if (await keys.create(entry)) return write(entry);
    const existing = await keys.find(entry);
    if (!existing) continue; // purged since the create failed
    if (existing.expiresAt <= record.createdAt) {
      if (await keys.replace(existing, entry)) return write(entry);
      continue;
    }
    const first = await awaitRecord(records, existing.recordId);
    if (first) return { kind: 'replayed', record: first, requestHash: existing.requestHash };
    const adopted = { ...entry, recordId: existing.recordId };
    if (await keys.replace(existing, adopted)) return write(adopted);
  }
  return { kind: 'busy' };
}

/** The key entry a record's fields make; undefined for a record sent without a key. */
function entryOf(space: KeySpace, record: KeyedFields): KeyEntry | undefined {
  const { idempotencyKey: key, requestHash, idempotencyExpiresAt: expiresAt } = record;
  if (key === undefined || requestHash === undefined || expiresAt === undefined) return undefined;
  return { space, appId: record.appId, key, recordId: record.id, requestHash, expiresAt };
}

/**
 * Writes the record of a key this request holds. When the id is taken, a request that thought
 * the key's writer had crashed wrote it first: that record is the key's, replayed.
 */
async function writeKeyed<T>(
  keys: IdempotencyKeys,
  entry: KeyEntry,
  record: T,
  records: KeyedRecords<T>,
): Promise<KeyedOutcome<T>> {
  try {
    await records.insert(record);
    return { kind: 'created', record };
  } catch (error) {
    if (!(error instanceof DuplicateKeyError)) throw error;
    const [first, current] = await Promise.all([records.find(entry.recordId), keys.find(entry)]);
    if (!first || current?.recordId !== entry.recordId) throw error;
    return { kind: 'replayed', record: first, requestHash: current.requestHash };
  }
}

/** The record a live key names; its writer writes it just after the key, so wait a little. */
async function awaitRecord<T>(records: KeyedRecords<T>, id: string): Promise<T | undefined> {
  for (let waited = 0; ; waited += KEY_WRITER_POLL_MS) {
    const record = await records.find(id);
    if (record || waited >= KEY_WRITER_GRACE_MS) return record;
    await sleep(KEY_WRITER_POLL_MS);
  }
}
