import { DuckDbStore, type DuckDbStoreOptions } from './duckdb.js';
import { PostgresStore } from './postgres.js';
import type { SnapshotStore } from './types.js';

/** True for a PostgreSQL connection URL (`postgres://…`, `postgresql://…`), which `--db` also takes. */
export function isPostgresUrl(target: string | undefined): target is string {
  return target !== undefined && /^postgres(?:ql)?:\/\//i.test(target);
}

/** `--db FILE` (DuckDB, the default engine), or `--pg URL` / `--db postgres://…` (PostgreSQL). */
export async function openStore(
  target: { db?: string; pg?: string },
  duckdb: DuckDbStoreOptions = {},
): Promise<SnapshotStore> {
  if (target.pg !== undefined) return PostgresStore.open(target.pg);
  if (isPostgresUrl(target.db)) return PostgresStore.open(target.db);
  return DuckDbStore.open(target.db ?? 'gexmap-history.duckdb', duckdb);
}
