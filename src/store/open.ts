import { DuckDbStore, type DuckDbStoreOptions } from './duckdb.js';
import { PostgresStore } from './postgres.js';
import type { SnapshotStore } from './types.js';

/** `--db FILE` (DuckDB, the default engine) or `--pg URL` (PostgreSQL). */
export async function openStore(
  target: { db?: string; pg?: string },
  duckdb: DuckDbStoreOptions = {},
): Promise<SnapshotStore> {
  if (target.pg !== undefined) return PostgresStore.open(target.pg);
  return DuckDbStore.open(target.db ?? 'gexmap-history.duckdb', duckdb);
}
