import { existsSync } from 'node:fs';
import {
  BIGINT,
  DOUBLE,
  type DuckDBAppender,
  type DuckDBConnection,
  DuckDBDataChunk,
  DuckDBInstance,
  type DuckDBValue,
  VARCHAR,
} from '@duckdb/node-api';
import type { ChainSnapshot, OptionQuote } from '../chain/types.js';
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

/**
 * A data chunk converts whatever it is given, so a value of the wrong type would be stored as
 * something else instead of failing: check the numeric fields first, naming the row and field.
 */
function assertNumericRow(o: OptionQuote): void {
  for (const field of ['expiry', 'strike', 'openInterest', 'iv', 'forward', 'multiplier'] as const) {
    if (typeof o[field] !== 'number' || !Number.isFinite(o[field])) {
      throw new StoreError(`option row ${o.instrument}: ${field} (${String(o[field])}) must be a finite number`);
    }
  }
  if (o.markPrice !== undefined && (typeof o.markPrice !== 'number' || Number.isNaN(o.markPrice))) {
    throw new StoreError(`option row ${o.instrument}: markPrice (${String(o.markPrice)}) must be a number`);
  }
}

/** Column types of option_rows, in table order. */
const OPTION_ROW_TYPES = [
  VARCHAR,
  VARCHAR,
  BIGINT,
  VARCHAR,
  BIGINT,
  DOUBLE,
  VARCHAR,
  DOUBLE,
  DOUBLE,
  DOUBLE,
  DOUBLE,
  DOUBLE,
];
/** DuckDB's vector size: a data chunk holds at most this many rows. */
const CHUNK_ROWS = 2048;

/**
 * Appends the option rows column-wise, one data chunk of 2,048 rows at a time: far fewer calls
 * across the native boundary than appending value by value (1 M rows in ~1.5 s instead of ~6 s).
 */
function appendOptionRows(app: DuckDBAppender, records: readonly SnapshotRecord[]): void {
  const chunk = DuckDBDataChunk.create(OPTION_ROW_TYPES, CHUNK_ROWS);
  const cols: DuckDBValue[][] = OPTION_ROW_TYPES.map(() => new Array<DuckDBValue>(CHUNK_ROWS));
  let k = 0;
  // Expiries repeat across rows and snapshots: convert each to BigInt once.
  const expiries = new Map<number, bigint>();
  const flush = (n: number) => {
    chunk.rowCount = n;
    for (let j = 0; j < cols.length; j++) chunk.setColumnValues(j, n === CHUNK_ROWS ? cols[j]! : cols[j]!.slice(0, n));
    app.appendDataChunk(chunk);
  };
  for (const { snapshot: s } of records) {
    const asOf = BigInt(s.asOf);
    for (const o of s.options) {
      assertNumericRow(o);
      cols[0]![k] = s.venue;
      cols[1]![k] = s.underlying;
      cols[2]![k] = asOf;
      cols[3]![k] = o.instrument;
      let expiry = expiries.get(o.expiry);
      if (expiry === undefined) {
        expiry = BigInt(o.expiry);
        expiries.set(o.expiry, expiry);
      }
      cols[4]![k] = expiry;
      cols[5]![k] = o.strike;
      cols[6]![k] = o.type;
      cols[7]![k] = o.openInterest;
      cols[8]![k] = o.iv;
      cols[9]![k] = o.forward;
      cols[10]![k] = o.multiplier;
      cols[11]![k] = o.markPrice ?? null;
      if (++k === CHUNK_ROWS) {
        flush(k);
        k = 0;
      }
    }
  }
  if (k > 0) flush(k);
}

function appendSnapshotValue(app: DuckDBAppender, column: string, value: SqlValue): void {
  if (value === null) app.appendNull();
  else if (typeof value === 'string') app.appendVarchar(value);
  else if (column === 'as_of') app.appendBigInt(BigInt(value));
  else if (column === 'option_count') app.appendInteger(value);
  else app.appendDouble(value);
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
        const rows = await c.createAppender('option_rows');
        try {
          appendOptionRows(rows, fresh);
          rows.flushSync();
        } finally {
          rows.closeSync();
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
