/**
 * The index README advises for FerretDB 1.x on PostgreSQL (`BENCH_FERRETDB=id-index`): one
 * FerretDB does not make, created on its PostgreSQL table directly, that serves reads and
 * conditional updates by `_id`.
 *
 * FerretDB 1.24 sends every equality it pushes down, `_id` included, as jsonb containment with
 * the key as a parameter: `SELECT _jsonb FROM <table> WHERE _jsonb->$1 @> $2 [AND …]`. Its own
 * index on `_id` is a btree on `(_jsonb->'_id')`, which serves `=` (its `UPDATE … WHERE
 * _jsonb->'_id' = $2`) but not `@>`, so every claim and completion reads the whole messages table
 * and costs more as the backlog grows. A GIN `jsonb_path_ops` index on the same expression serves
 * `@>`: PostgreSQL plans a prepared statement with its parameters' values (a custom plan), where
 * `_jsonb->$1` becomes `_jsonb->'_id'` and matches the index; a generic plan (parameters left
 * as such) cannot use it and costs a scan, so PostgreSQL keeps planning these with their values.
 * (On a table of a few rows the scan is cheaper and the generic plan wins; it stays until the
 * table is analysed again.) A GIN index of the whole document does not help: the filter is on
 * `_jsonb->'_id'`, not on `_jsonb`.
 *
 * FerretDB keeps its indexes in its own catalog (`_ferretdb_database_metadata`), so it neither
 * lists nor drops this one; its names end in `_<hash>_idx`, which this one's does not; dropping
 * the collection drops the table and the index with it.
 */
import { execFileSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { findPostgresBin } from '../../test/harness/postgres';

/** psql beside the `initdb` the harness uses (PATH may hold only links to the server programs). */
function psqlPath(): string {
  return join(dirname(realpathSync(join(findPostgresBin(), 'initdb'))), 'psql');
}

function psql(postgresUrl: string, variables: Record<string, string>, script: string): string {
  const args = ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1'];
  for (const [name, value] of Object.entries(variables)) args.push('-v', `${name}=${value}`);
  return execFileSync(psqlPath(), [...args, postgresUrl], { input: script, encoding: 'utf8' });
}

/** The PostgreSQL table FerretDB keeps `collection` of `database` in. */
function tableOf(postgresUrl: string, database: string, collection: string): string {
  const table = psql(
    postgresUrl,
    { database, collection },
    `SELECT _jsonb->>'table' FROM :"database"._ferretdb_database_metadata
       WHERE _jsonb->>'_id' = :'collection';`,
  ).trim();
  if (table === '') throw new Error(`FerretDB has no table for ${database}.${collection}`);
  return table;
}

/** Creates the GIN index on `(_jsonb->'_id')` of the collection's table. */
export function createIdContainmentIndex(
  postgresUrl: string,
  database: string,
  collection: string,
): void {
  const table = tableOf(postgresUrl, database, collection);
  psql(
    postgresUrl,
    { database, table, index: `${table}_id_containment` },
    `CREATE INDEX IF NOT EXISTS :"index" ON :"database".:"table"
       USING gin ((_jsonb->'_id') jsonb_path_ops);`,
  );
}

/**
 * Sequential and index scans of the collection's table so far, as PostgreSQL's statistics have
 * them (a busy backend reports its counts at most once a second, an idle one within 10 s).
 */
export function scansOf(postgresUrl: string, database: string, collection: string): string {
  const table = tableOf(postgresUrl, database, collection);
  const [seq, index] = psql(
    postgresUrl,
    { database, table },
    `SELECT seq_scan || '|' || coalesce(idx_scan, 0) FROM pg_stat_user_tables
       WHERE schemaname = :'database' AND relname = :'table';`,
  )
    .trim()
    .split('|');
  return `${database}.${collection}: ${seq} sequential scans, ${index} index scans`;
}
