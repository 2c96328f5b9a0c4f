import type { DuckDbStoreOptions } from './duckdb.js';
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
  // Each engine's driver is loaded when a store of it is opened: DuckDB's native binding alone
  // costs a command that never opens a store (report, levels, --help) about 35 MB and a third of a second.
  const pg = target.pg ?? (isPostgresUrl(target.db) ? target.db : undefined);
  if (pg !== undefined) return (await import('./postgres.js')).PostgresStore.open(pg);
  return (await import('./duckdb.js')).DuckDbStore.open(target.db ?? 'gexmap-history.duckdb', duckdb);
}
