import { closeSync, existsSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DuckDBAppender, type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { ChainSnapshot } from '../chain/types.js';
import { metaOf, SNAPSHOT_COLUMNS, type SqlValue, snapshotOf, snapshotRow, summaryOf, whereOf } from './rows.js';
import {
  type HistoryQuery,
  type SnapshotKey,
  type SnapshotMeta,
  type SnapshotRecord,
  type SnapshotStore,
  StoreError,
  type SummaryPoint,
  type WriteOutcome,
} from './types.js';

/**
 * Tables of the embedded store (one DuckDB file). The key of a snapshot is (venue, underlying,
 * as_of); as_of and expiry are epoch milliseconds (UTC). `flips` and `dropped` are JSON text.
 */
export const DUCKDB_SCHEMA = `
CREATE TABLE IF NOT EXISTS snapshots (
  venue VARCHAR NOT NULL, underlying VARCHAR NOT NULL, as_of BIGINT NOT NULL,
  spot DOUBLE NOT NULL, source VARCHAR NOT NULL, model_kind VARCHAR NOT NULL, rate DOUBLE NOT NULL,
  dividend_yield DOUBLE, dropped VARCHAR NOT NULL, option_count INTEGER NOT NULL,
  net_gex DOUBLE NOT NULL, call_gex DOUBLE NOT NULL, put_gex DOUBLE NOT NULL, regime VARCHAR NOT NULL,
  flips VARCHAR NOT NULL, nearest_flip DOUBLE, distance_to_flip_pct DOUBLE, call_wall DOUBLE, put_wall DOUBLE,
  PRIMARY KEY (venue, underlying, as_of)
);
CREATE TABLE IF NOT EXISTS option_rows (
  venue VARCHAR NOT NULL, underlying VARCHAR NOT NULL, as_of BIGINT NOT NULL,
  instrument VARCHAR NOT NULL, expiry BIGINT NOT NULL, strike DOUBLE NOT NULL, option_type VARCHAR NOT NULL,
  open_interest DOUBLE NOT NULL, iv DOUBLE NOT NULL, forward DOUBLE NOT NULL, multiplier DOUBLE NOT NULL,
  mark_price DOUBLE
);
`;

export interface DuckDbStoreOptions {
  /**
   * `hold` keeps the file open (and locked) until close(): fastest, one process only.
   * `per-operation` opens the file for each call and closes it after, so that other processes can
   * take turns: a recorder writing and readers (serve, backtest) reading the same file. DuckDB lets
   * one process open a file read-write, or any number open it read-only, never both at once.
   */
  readonly lock?: 'hold' | 'per-operation';
  readonly readOnly?: boolean;
  /** how long a call waits for another process's lock before failing, ms (default 30,000) */
  readonly lockWaitMs?: number;
}

const isLockError = (e: unknown) => /lock|Conflicting|being used by another/i.test((e as Error)?.message ?? '');

function appendRows(app: DuckDBAppender, s: ChainSnapshot): void {
  for (const o of s.options) {
    app.appendVarchar(s.venue);
    app.appendVarchar(s.underlying);
    app.appendBigInt(BigInt(s.asOf));
    app.appendVarchar(o.instrument);
    app.appendBigInt(BigInt(o.expiry));
    app.appendDouble(o.strike);
    app.appendVarchar(o.type);
    app.appendDouble(o.openInterest);
    app.appendDouble(o.iv);
    app.appendDouble(o.forward);
    app.appendDouble(o.multiplier);
    if (o.markPrice === undefined) app.appendNull();
    else app.appendDouble(o.markPrice);
    app.endRow();
  }
}

function appendSnapshotValue(app: DuckDBAppender, column: string, value: SqlValue): void {
  if (value === null) app.appendNull();
  else if (typeof value === 'string') app.appendVarchar(value);
  else if (column === 'as_of') app.appendBigInt(BigInt(value));
  else if (column === 'option_count') app.appendInteger(value);
  else app.appendDouble(value);
}

/** From this many option rows a batch goes in by COPY from a temporary CSV file (faster than the appender). */
const BULK_ROWS = 20_000;

const csvText = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** COPY of the batch's option rows through a temporary CSV file, inside the caller's transaction. */
async function copyRows(c: DuckDBConnection, records: readonly SnapshotRecord[]): Promise<void> {
  const tmp = mkdtempSync(join(tmpdir(), 'gexmap-copy-'));
  const file = join(tmp, 'rows.csv');
  try {
    const fd = openSync(file, 'w');
    try {
      for (const { snapshot: s } of records) {
        const head = `${csvText(s.venue)},${csvText(s.underlying)},${s.asOf},`;
        let buf = '';
        for (const o of s.options) {
          buf += `${head}${csvText(o.instrument)},${o.expiry},${o.strike},${o.type},${o.openInterest},${o.iv},${o.forward},${o.multiplier},${o.markPrice ?? ''}\n`;
          if (buf.length > 1 << 20) {
            writeSync(fd, buf);
            buf = '';
          }
        }
        if (buf) writeSync(fd, buf);
      }
    } finally {
      closeSync(fd);
    }
    await c.run(
      `COPY option_rows FROM '${file.replace(/'/g, "''")}' (FORMAT csv, HEADER false, NULLSTR '', QUOTE '"')`,
    );
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

const rowsOf = async (c: DuckDBConnection, sql: string, params: SqlValue[] = []) =>
  (await c.runAndReadAll(sql, params)).getRowObjects() as Record<string, unknown>[];

/** The embedded default engine: one DuckDB file, no server. */
export class DuckDbStore implements SnapshotStore {
  readonly engine = 'duckdb';
  private held: { instance: DuckDBInstance; conn: DuckDBConnection } | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly path: string,
    private readonly options: DuckDbStoreOptions,
  ) {}

  /** Opens (and, read-write, creates) the store at `path`; ':memory:' for a store that lives in this process. */
  static async open(path: string, options: DuckDbStoreOptions = {}): Promise<DuckDbStore> {
    if (options.readOnly && path !== ':memory:' && !existsSync(path)) {
      throw new StoreError(
        `history database ${path} does not exist (record into it first: gexmap record --db ${path})`,
      );
    }
    const store = new DuckDbStore(path, path === ':memory:' ? { ...options, lock: 'hold' } : options);
    if (!options.readOnly) await store.use(async (c) => void (await c.run(DUCKDB_SCHEMA)));
    else await store.use(async () => {});
    return store;
  }

  private async connect(): Promise<{ instance: DuckDBInstance; conn: DuckDBConnection }> {
    const deadline = Date.now() + (this.options.lockWaitMs ?? 30_000);
    const config: Record<string, string> = this.options.readOnly ? { access_mode: 'READ_ONLY' } : {};
    for (let wait = 5; ; wait = Math.min(wait * 2, 200)) {
      try {
        const instance = await DuckDBInstance.create(this.path, config);
        return { instance, conn: await instance.connect() };
      } catch (e) {
        if (!isLockError(e) || Date.now() > deadline)
          throw new StoreError(`history database ${this.path}: ${(e as Error).message}`, { cause: e });
        await new Promise((r) => setTimeout(r, wait + Math.random() * wait));
      }
    }
  }

  /** Runs `fn` on a connection, one call at a time. */
  private use<T>(fn: (c: DuckDBConnection) => Promise<T>): Promise<T> {
    const next = this.queue.then(async () => {
      if (this.options.lock !== 'per-operation') {
        this.held ??= await this.connect();
        return fn(this.held.conn);
      }
      const { instance, conn } = await this.connect();
      try {
        return await fn(conn);
      } finally {
        conn.closeSync();
        instance.closeSync();
      }
    });
    this.queue = next.catch(() => {});
    return next;
  }

  /** Writes a batch of snapshots in one transaction: each one whole, none half; stored keys are skipped. */
  private async writeIn(c: DuckDBConnection, records: readonly SnapshotRecord[]): Promise<WriteOutcome[]> {
    await c.run('BEGIN TRANSACTION');
    try {
      const outcomes: WriteOutcome[] = [];
      const fresh: SnapshotRecord[] = [];
      const seen = new Set<string>();
      // the keys already stored in the batch's time span, in one query
      const times = records.map((r) => r.snapshot.asOf);
      const stored = await rowsOf(c, 'SELECT venue, underlying, as_of FROM snapshots WHERE as_of BETWEEN $1 AND $2', [
        Math.min(...times),
        Math.max(...times),
      ]);
      for (const r of stored) seen.add(`${String(r.venue)}|${String(r.underlying)}|${Number(r.as_of)}`);
      for (const record of records) {
        const s = record.snapshot;
        const key = `${s.venue}|${s.underlying}|${s.asOf}`;
        const exists = seen.has(key);
        seen.add(key);
        outcomes.push(exists ? 'exists' : 'written');
        if (!exists) fresh.push(record);
      }
      if (fresh.length > 0) {
        const total = fresh.reduce((n, r) => n + r.snapshot.options.length, 0);
        if (total >= BULK_ROWS) await copyRows(c, fresh);
        else {
          const rows = await c.createAppender('option_rows');
          try {
            for (const r of fresh) appendRows(rows, r.snapshot);
            rows.flushSync();
          } finally {
            rows.closeSync();
          }
        }
        const heads = await c.createAppender('snapshots');
        try {
          for (const r of fresh) {
            const row = snapshotRow(r);
            SNAPSHOT_COLUMNS.forEach((col, i) => {
              appendSnapshotValue(heads, col, row[i]!);
            });
            heads.endRow();
          }
          heads.flushSync();
        } finally {
          heads.closeSync();
        }
      }
      await c.run('COMMIT');
      return outcomes;
    } catch (e) {
      await c.run('ROLLBACK').catch(() => {});
      throw e;
    }
  }

  async writeSnapshot(record: SnapshotRecord): Promise<WriteOutcome> {
    return (await this.use((c) => this.writeIn(c, [record])))[0]!;
  }

  /** Writes in batches of about `batchRows` option rows, one transaction per batch (whole snapshots only). */
  async writeSnapshots(
    records: Iterable<SnapshotRecord> | AsyncIterable<SnapshotRecord>,
    batchRows = 200_000,
  ): Promise<{ written: number; existing: number }> {
    let written = 0;
    let existing = 0;
    let batch: SnapshotRecord[] = [];
    let rows = 0;
    const flush = async () => {
      if (batch.length === 0) return;
      const todo = batch;
      batch = [];
      rows = 0;
      for (const o of await this.use((c) => this.writeIn(c, todo))) {
        if (o === 'written') written++;
        else existing++;
      }
    };
    for await (const r of records) {
      batch.push(r);
      rows += r.snapshot.options.length + 1;
      if (rows >= batchRows) await flush();
    }
    await flush();
    return { written, existing };
  }

  listSnapshots(query: HistoryQuery = {}): Promise<SnapshotMeta[]> {
    const w = whereOf(query);
    return this.use(async (c) =>
      (
        await rowsOf(
          c,
          `SELECT venue, underlying, as_of, spot, source, option_count FROM snapshots ${w.sql} ORDER BY venue, underlying, as_of`,
          w.params,
        )
      ).map(metaOf),
    );
  }

  readSnapshot(key: SnapshotKey): Promise<ChainSnapshot | undefined> {
    const params = [key.venue, key.underlying, key.asOf];
    return this.use(async (c) => {
      const head = await rowsOf(
        c,
        'SELECT * FROM snapshots WHERE venue = $1 AND underlying = $2 AND as_of = $3',
        params,
      );
      if (head.length === 0) return undefined;
      const rows = await rowsOf(
        c,
        'SELECT * FROM option_rows WHERE venue = $1 AND underlying = $2 AND as_of = $3 ORDER BY instrument',
        params,
      );
      return snapshotOf(head[0]!, rows);
    });
  }

  readSummaries(query: HistoryQuery = {}): Promise<SummaryPoint[]> {
    const w = whereOf(query);
    return this.use(async (c) =>
      (await rowsOf(c, `SELECT * FROM snapshots ${w.sql} ORDER BY venue, underlying, as_of`, w.params)).map(summaryOf),
    );
  }

  countOptionRows(query: HistoryQuery = {}): Promise<number> {
    const w = whereOf(query);
    return this.use(async (c) =>
      Number((await rowsOf(c, `SELECT count(*) AS n FROM option_rows ${w.sql}`, w.params))[0]!.n),
    );
  }

  /** Runs SQL on the store's file (Parquet export/import, benchmarks). */
  sql(sql: string, params: SqlValue[] = []): Promise<Record<string, unknown>[]> {
    return this.use((c) => rowsOf(c, sql, params));
  }

  async close(): Promise<void> {
    await this.queue;
    if (this.held) {
      this.held.conn.closeSync();
      this.held.instance.closeSync();
      this.held = undefined;
    }
  }
}
