import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDbStore } from './duckdb.js';
import { OPTION_COLUMNS, pinsOf, SNAPSHOT_COLUMNS, snapshotOf, summaryOf, whereOf } from './rows.js';
import type { HistoryQuery, SnapshotKey, SnapshotStore } from './types.js';

/**
 * Parquet interchange, Hive-partitioned so that Spark, Trino or ClickHouse read it as two tables:
 *
 *     DIR/snapshots/venue=deribit/underlying=BTC/date=2025-11-19/data_0.parquet
 *     DIR/option_rows/venue=deribit/underlying=BTC/date=2025-11-19/data_0.parquet
 *
 * Columns are those of rows.ts (SNAPSHOT_COLUMNS, OPTION_COLUMNS: PostgreSQL's tables, DuckDB's
 * `snapshots` table and `option_rows` view) less the partition columns, which live in the path;
 * `date` is the UTC day of as_of (epoch ms). An export writes into an empty folder.
 */
export const PARQUET_TABLES = ['snapshots', 'option_rows'] as const;
const COLUMNS = { snapshots: SNAPSHOT_COLUMNS, option_rows: OPTION_COLUMNS } as const;

const quote = (path: string) => `'${path.replace(/'/g, "''")}'`;

/**
 * Copies the store's snapshots in `query` to Parquet under `dir`; returns how many. A DuckDB
 * store is copied by DuckDB itself, straight from its file; another engine snapshot by snapshot
 * through an in-memory DuckDB.
 */
export async function exportParquet(store: SnapshotStore, dir: string, query: HistoryQuery = {}): Promise<number> {
  mkdirSync(dir, { recursive: true });
  const list = await store.listSnapshots(query);
  if (store instanceof DuckDbStore) {
    await copyToParquet(store, dir, query);
    return list.length;
  }
  const mem = await DuckDbStore.open(':memory:');
  try {
    const keyOf = (k: SnapshotKey) => `${k.venue}|${k.underlying}|${k.asOf}`;
    const summaries = new Map((await store.readSummaries(query)).map((s) => [keyOf(s), s]));
    const pins = new Map((await store.readPins(query)).map((p) => [keyOf(p), p.pins]));
    for (const meta of list) {
      const snapshot = await store.readSnapshot(meta);
      const summary = summaries.get(keyOf(meta));
      const stored = pins.get(keyOf(meta)) ?? null;
      if (snapshot && summary)
        await mem.writeSnapshot({ snapshot, summary, ...(stored !== null ? { pins: stored } : {}) });
    }
    await copyToParquet(mem, dir, {});
    return list.length;
  } finally {
    await mem.close();
  }
}

/** Both tables of `db` within `query`, Hive-partitioned under `dir`. */
async function copyToParquet(db: DuckDbStore, dir: string, query: HistoryQuery): Promise<void> {
  const w = whereOf(query);
  for (const table of PARQUET_TABLES) {
    await db.sql(
      `COPY (SELECT ${COLUMNS[table].join(', ')}, strftime(make_timestamp(as_of * 1000), '%Y-%m-%d') AS date FROM ${table} ${w.sql})
       TO ${quote(join(dir, table))} (FORMAT PARQUET, PARTITION_BY (venue, underlying, date), OVERWRITE_OR_IGNORE)`,
      w.params,
    );
  }
}

/** Reads a Parquet export (the layout above) into `store`; snapshots already stored are kept as they are. */
export async function importParquet(dir: string, store: SnapshotStore): Promise<{ written: number; existing: number }> {
  const mem = await DuckDbStore.open(':memory:');
  try {
    // sorted by snapshot, so that each snapshot's rows are found by the tables' min/max per block
    for (const table of PARQUET_TABLES) {
      const files = `read_parquet(${quote(join(dir, table, '**', '*.parquet'))}, hive_partitioning = true)`;
      const present = new Set((await mem.sql(`DESCRIBE SELECT * FROM ${files}`)).map((r) => String(r.column_name)));
      // an export written before `ordinal` existed reads back in name order, one before `pins` without pins
      const missing: Record<string, string> = { ordinal: 'NULL::INTEGER AS ordinal', pins: 'NULL::VARCHAR AS pins' };
      const columns = COLUMNS[table].map((c) => (present.has(c) ? c : (missing[c] ?? c)));
      await mem.sql(
        `CREATE TABLE parquet_${table} AS SELECT ${columns.join(', ')} FROM ${files} ORDER BY venue, underlying, as_of`,
      );
    }
    const heads = await mem.sql('SELECT * FROM parquet_snapshots ORDER BY venue, underlying, as_of');
    async function* records() {
      for (const head of heads) {
        const rows = await mem.sql(
          'SELECT * FROM parquet_option_rows WHERE venue = $1 AND underlying = $2 AND as_of = $3 ORDER BY ordinal NULLS LAST, instrument',
          [String(head.venue), String(head.underlying), Number(head.as_of)],
        );
        const { pins } = pinsOf(head);
        yield { snapshot: snapshotOf(head, rows), summary: summaryOf(head), ...(pins !== null ? { pins } : {}) };
      }
    }
    return await store.writeSnapshots(records());
  } finally {
    await mem.close();
  }
}
