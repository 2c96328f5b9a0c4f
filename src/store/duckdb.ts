import { existsSync } from 'node:fs';
import {
  BIGINT,
  DOUBLE,
  type DuckDBAppender,
  type DuckDBConnection,
  DuckDBInstance,
  INTEGER,
  VARCHAR,
} from '@duckdb/node-api';
import type { ChainSnapshot, OptionQuote } from '../chain/types.js';
import { writeInBatches } from './batches.js';
import { ChunkAppender } from './chunkAppender.js';
import { DROP_FLAT_ROWS, DUCKDB_SCHEMA, MIGRATE_FROM_FLAT_ROWS, MIGRATION_CHECK } from './duckdbSchema.js';
import { InstrumentIds, type InstrumentKey, type InstrumentRow, type InstrumentScope } from './instrumentIds.js';
import { NumberChunkAppender, type NumberColumn } from './numberChunkAppender.js';
import {
  EXPIRY,
  FORWARD,
  HAS_MARK,
  headOf,
  IV,
  isPacked,
  MARK_PRICE,
  MULTIPLIER,
  OPEN_INTEREST,
  PACKED_COLUMNS,
  PUT,
  STRIKE,
  unpackRecord,
} from './packedRecord.js';
import {
  metaOf,
  onlyRow,
  pinsOf,
  SNAPSHOT_COLUMNS,
  type SqlValue,
  SUMMARY_COLUMNS,
  snapshotOf,
  snapshotRow,
  summaryOf,
  whereOf,
} from './rows.js';
import {
  type HistoryQuery,
  type PackedRecord,
  type SnapshotKey,
  type SnapshotMeta,
  type SnapshotPins,
  type SnapshotRecord,
  type SnapshotStore,
  type StoredPins,
  StoreError,
  type SummaryPoint,
  type WritableRecord,
  type WriteOutcome,
} from './types.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

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
 * something else instead of failing: check the row first, naming the row and field.
 */
function assertOptionRow(o: OptionQuote): void {
  if (typeof o.instrument !== 'string' || o.instrument === '') {
    throw new StoreError(`option row ${String(o.instrument)}: instrument must be a non-empty string`);
  }
  // one test on the fast path (Number.isFinite is false for anything not a number), the field named on the slow one
  const finite =
    Number.isFinite(o.expiry) &&
    Number.isFinite(o.strike) &&
    Number.isFinite(o.openInterest) &&
    Number.isFinite(o.iv) &&
    Number.isFinite(o.forward) &&
    Number.isFinite(o.multiplier);
  if (!finite) {
    for (const field of ['expiry', 'strike', 'openInterest', 'iv', 'forward', 'multiplier'] as const) {
      if (!Number.isFinite(o[field])) {
        throw new StoreError(`option row ${o.instrument}: ${field} (${String(o[field])}) must be a finite number`);
      }
    }
  }
  if (o.type !== 'C' && o.type !== 'P') {
    throw new StoreError(`option row ${o.instrument}: type (${String(o.type)}) must be C or P`);
  }
  if (o.markPrice !== undefined && (typeof o.markPrice !== 'number' || Number.isNaN(o.markPrice))) {
    throw new StoreError(`option row ${o.instrument}: markPrice (${String(o.markPrice)}) must be a number`);
  }
}

/**
 * assertOptionRow for option i of a packed record: its numbers come from a Float64Array and its
 * type from a bit, so what is left to check is the name, finiteness and a NaN mark.
 */
function assertPackedRow(p: PackedRecord, i: number, instrument: string): void {
  if (instrument === '') throw new StoreError(`option row ${instrument}: instrument must be a non-empty string`);
  const k = i * PACKED_COLUMNS;
  const v = p.numbers;
  const finite =
    Number.isFinite(v[k + EXPIRY]) &&
    Number.isFinite(v[k + STRIKE]) &&
    Number.isFinite(v[k + OPEN_INTEREST]) &&
    Number.isFinite(v[k + IV]) &&
    Number.isFinite(v[k + FORWARD]) &&
    Number.isFinite(v[k + MULTIPLIER]);
  if (!finite) assertOptionRow(unpackRecord(p).snapshot.options[i] as OptionQuote);
  if ((p.flags[i] as number) & HAS_MARK && Number.isNaN(v[k + MARK_PRICE])) {
    throw new StoreError(`option row ${instrument}: markPrice (NaN) must be a number`);
  }
}

/**
 * Option rows in one transaction of a bulk write: about 45 SPX chains. A commit's cost is mostly
 * fixed per commit and per table: at 200,000 rows the 1,000-chain import spent 17 s in 63 commits,
 * at 600,000 9 s in 22. A batch is held in memory until it is written (packed, ~1.6 MB a chain).
 */
export const BULK_BATCH_ROWS = 600_000;

/** The write-ahead log a bulk write lets grow before a commit folds it into the file: about 250 SPX chains. */
export const BULK_CHECKPOINT_THRESHOLD = '256MB';

/** Columns of option_marks and of instruments, in table order. */
const MARK_COLUMNS: readonly NumberColumn[] = [
  { type: 'integer' },
  { type: 'integer' },
  { type: 'double' },
  { type: 'double' },
  { type: 'double' },
  { type: 'double', nullable: true },
  { type: 'integer' },
];
const INSTRUMENT_TYPES = [INTEGER, VARCHAR, VARCHAR, VARCHAR, BIGINT, DOUBLE, VARCHAR, DOUBLE];

/**
 * Appends the option rows of `fresh` (each with its snapshot id) to option_marks, giving each
 * instrument its id in `ids`; instruments seen for the first time are collected in `added`. A
 * packed record is written from its columns, with the same values as its unpacked options.
 */
function appendMarks(
  app: DuckDBAppender,
  fresh: readonly { record: WritableRecord; id: number }[],
  ids: InstrumentIds,
  added: InstrumentRow[],
): void {
  const w = new NumberChunkAppender(app, MARK_COLUMNS);
  for (const { record, id } of fresh) {
    const { venue, underlying } = headOf(record);
    const scope = { names: ids.namesOf(venue, underlying), venue, underlying, added };
    if (isPacked(record)) {
      appendPackedMarks(w, record, id, ids, scope);
      continue;
    }
    const options = record.snapshot.options;
    for (let ordinal = 0; ordinal < options.length; ordinal++) {
      const o = options[ordinal] as OptionQuote;
      assertOptionRow(o);
      const instrumentId = ids.idOf(o, scope);
      w.set(0, id);
      w.set(1, instrumentId);
      w.set(2, o.openInterest);
      w.set(3, o.iv);
      w.set(4, o.forward);
      if (o.markPrice === undefined) w.setNull(5);
      else w.set(5, o.markPrice);
      w.set(6, ordinal);
      w.endRow();
    }
  }
  w.finish();
}

/** appendMarks of one packed record: its columns read in place, one key object reused for the look-ups. */
function appendPackedMarks(
  w: NumberChunkAppender,
  p: PackedRecord,
  id: number,
  ids: InstrumentIds,
  scope: InstrumentScope,
): void {
  const v = p.numbers;
  const key: Mutable<InstrumentKey> = { instrument: '', expiry: 0, strike: 0, type: 'C', multiplier: 0 };
  let start = 0;
  for (let ordinal = 0; ordinal < p.flags.length; ordinal++) {
    const end = p.nameEnds[ordinal] as number;
    const k = ordinal * PACKED_COLUMNS;
    const f = p.flags[ordinal] as number;
    key.instrument = p.names.slice(start, end);
    start = end;
    assertPackedRow(p, ordinal, key.instrument);
    key.expiry = v[k + EXPIRY] as number;
    key.strike = v[k + STRIKE] as number;
    key.type = f & PUT ? 'P' : 'C';
    key.multiplier = v[k + MULTIPLIER] as number;
    w.set(0, id);
    w.set(1, ids.idOf(key, scope));
    w.set(2, v[k + OPEN_INTEREST] as number);
    w.set(3, v[k + IV] as number);
    w.set(4, v[k + FORWARD] as number);
    if (f & HAS_MARK) w.set(5, v[k + MARK_PRICE] as number);
    else w.setNull(5);
    w.set(6, ordinal);
    w.endRow();
  }
}

function appendInstruments(app: DuckDBAppender, rows: readonly InstrumentRow[]): void {
  const w = new ChunkAppender(app, INSTRUMENT_TYPES);
  for (const r of rows) {
    w.set(0, r.id);
    w.set(1, r.venue);
    w.set(2, r.underlying);
    w.set(3, r.instrument);
    w.set(4, BigInt(r.expiry));
    w.set(5, r.strike);
    w.set(6, r.type);
    w.set(7, r.multiplier);
    w.endRow();
  }
  w.finish();
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

/** The embedded default engine: one DuckDB file, no server. Layout: see duckdbSchema.ts. */
export class DuckDbStore implements SnapshotStore {
  readonly engine = 'duckdb';
  private held: { instance: DuckDBInstance; conn: DuckDBConnection } | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  /** the instruments table as last read or written by this process; reread when it changed under us */
  private instruments: InstrumentIds | undefined;

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
    await store.use(async (c) => {
      const flat = await hasFlatRows(c);
      if (flat && options.readOnly) {
        throw new StoreError(
          `history database ${path} has the first layout (one flat option_rows table); open it once read-write (gexmap record --db ${path}, or gexmap import) to move it to the current one`,
        );
      }
      if (flat) await migrateFlatRows(c, path);
      else if (!options.readOnly) await c.run(DUCKDB_SCHEMA);
    });
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
        const result = await fn(conn);
        if (!this.options.readOnly) await checkpoint(conn);
        return result;
      } finally {
        conn.closeSync();
        instance.closeSync();
      }
    });
    this.queue = next.catch(() => {});
    return next;
  }

  /** The instrument ids, reread when another process added instruments since this one last looked. */
  private async instrumentIds(c: DuckDBConnection, count: number, maxId: number): Promise<InstrumentIds> {
    const known = this.instruments;
    if (known && known.count === count && known.maxId === maxId) return known;
    const rows = await rowsOf(
      c,
      'SELECT id, venue, underlying, instrument, expiry, strike, option_type, multiplier FROM instruments',
    );
    this.instruments = new InstrumentIds(
      rows.map((r) => ({
        id: Number(r.id),
        venue: String(r.venue),
        underlying: String(r.underlying),
        instrument: String(r.instrument),
        expiry: Number(r.expiry),
        strike: Number(r.strike),
        type: r.option_type === 'P' ? 'P' : 'C',
        multiplier: Number(r.multiplier),
      })),
    );
    return this.instruments;
  }

  /** Writes a batch of snapshots in one transaction: each one whole, none half; stored keys are skipped. */
  private async writeIn(c: DuckDBConnection, records: readonly WritableRecord[]): Promise<WriteOutcome[]> {
    try {
      return await inTransaction(c, async () => {
        const outcomes: WriteOutcome[] = [];
        const fresh: { record: WritableRecord; id: number }[] = [];
        const seen = new Set<string>();
        // the keys already stored in the batch's time span, in one query
        const times = records.map((r) => headOf(r).asOf);
        const stored = await rowsOf(c, 'SELECT venue, underlying, as_of FROM snapshots WHERE as_of BETWEEN $1 AND $2', [
          Math.min(...times),
          Math.max(...times),
        ]);
        for (const r of stored) seen.add(`${String(r.venue)}|${String(r.underlying)}|${Number(r.as_of)}`);
        const top = onlyRow(
          await rowsOf(
            c,
            `SELECT (SELECT coalesce(max(id), 0) FROM snapshots) AS snapshot_id,
                  (SELECT count(*) FROM instruments) AS instruments, (SELECT coalesce(max(id), 0) FROM instruments) AS instrument_id`,
          ),
          'the snapshot and instrument ids',
        );
        let snapshotId = Number(top.snapshot_id);
        for (const record of records) {
          const s = headOf(record);
          const key = `${s.venue}|${s.underlying}|${s.asOf}`;
          const exists = seen.has(key);
          seen.add(key);
          outcomes.push(exists ? 'exists' : 'written');
          if (!exists) fresh.push({ record, id: ++snapshotId });
        }
        if (fresh.length > 0) {
          const ids = await this.instrumentIds(c, Number(top.instruments), Number(top.instrument_id));
          const added: InstrumentRow[] = [];
          await withAppender(c, 'option_marks', (app) => appendMarks(app, fresh, ids, added));
          if (added.length > 0) await withAppender(c, 'instruments', (app) => appendInstruments(app, added));
          await withAppender(c, 'snapshots', (app) => {
            for (const { record, id } of fresh) {
              app.appendInteger(id);
              const row = snapshotRow(record);
              SNAPSHOT_COLUMNS.forEach((col, i) => {
                const value = row[i];
                if (value === undefined) throw new StoreError(`a snapshot row without its ${col} value`);
                appendSnapshotValue(app, col, value);
              });
              app.endRow();
            }
          });
        }
        return outcomes;
      });
    } catch (e) {
      // instruments added to the cached ids in this transaction are not stored: read them again next time
      this.instruments = undefined;
      throw e;
    }
  }

  async writeSnapshot(record: SnapshotRecord): Promise<WriteOutcome> {
    return onlyRow(await this.use((c) => this.writeIn(c, [record])), 'the outcome of one snapshot write');
  }

  /**
   * Writes in batches of about `batchRows` option rows (BULK_BATCH_ROWS), one transaction per batch
   * (whole snapshots only). A batch commits with the write-ahead log folded into the file only past
   * BULK_CHECKPOINT_THRESHOLD: at DuckDB's 16 MB an import of SPX chains checkpointed every 16
   * chains, about 40 % of DuckDB's own CPU time in an import of 300. Every commit is in the log
   * all the same, and close() folds it in; other writes keep DuckDB's threshold.
   */
  writeSnapshots(
    records: Iterable<WritableRecord> | AsyncIterable<WritableRecord>,
    batchRows = BULK_BATCH_ROWS,
  ): Promise<{ written: number; existing: number }> {
    const bulk = (batch: WritableRecord[]) =>
      this.use(async (c) => {
        await c.run(`SET checkpoint_threshold = '${BULK_CHECKPOINT_THRESHOLD}'`);
        try {
          return await this.writeIn(c, batch);
        } finally {
          await c.run('RESET checkpoint_threshold');
        }
      });
    return writeInBatches(records, bulk, { rows: batchRows });
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
    return this.use(async (c) => {
      const head = await rowsOf(c, 'SELECT * FROM snapshots WHERE venue = $1 AND underlying = $2 AND as_of = $3', [
        key.venue,
        key.underlying,
        key.asOf,
      ]);
      const [first] = head;
      if (first === undefined) return undefined;
      const rows = await rowsOf(
        c,
        `SELECT i.instrument, i.expiry, i.strike, i.option_type, m.open_interest, m.iv, m.forward, i.multiplier, m.mark_price
         FROM option_marks m JOIN instruments i ON i.id = m.instrument_id
         WHERE m.snapshot_id = $1 ORDER BY m.ordinal NULLS LAST, i.instrument`,
        [Number(first.id)],
      );
      return snapshotOf(first, rows);
    });
  }

  readSummaries(query: HistoryQuery = {}): Promise<SummaryPoint[]> {
    const w = whereOf(query);
    return this.use(async (c) =>
      (
        await rowsOf(
          c,
          `SELECT ${SUMMARY_COLUMNS.join(', ')} FROM snapshots ${w.sql} ORDER BY venue, underlying, as_of`,
          w.params,
        )
      ).map(summaryOf),
    );
  }

  readPins(query: HistoryQuery = {}): Promise<StoredPins[]> {
    const w = whereOf(query);
    return this.use(async (c) => {
      // a file opened read-only before it was first opened read-write since the pins existed has no such column
      const column = await hasColumn(c, 'snapshots', 'pins');
      return (
        await rowsOf(
          c,
          `SELECT venue, underlying, as_of, ${column ? 'pins' : 'NULL AS pins'} FROM snapshots ${w.sql} ORDER BY venue, underlying, as_of`,
          w.params,
        )
      ).map(pinsOf);
    });
  }

  listWithoutPins(): Promise<SnapshotKey[]> {
    return this.use(async (c) => {
      const column = await hasColumn(c, 'snapshots', 'pins');
      const rows = await rowsOf(
        c,
        `SELECT venue, underlying, as_of FROM snapshots ${column ? 'WHERE pins IS NULL' : ''} ORDER BY venue, underlying, as_of`,
      );
      return rows.map((r) => ({ venue: String(r.venue), underlying: String(r.underlying), asOf: Number(r.as_of) }));
    });
  }

  fillPins(rows: readonly (SnapshotKey & { readonly pins: SnapshotPins })[]): Promise<number> {
    if (rows.length === 0) return Promise.resolve(0);
    return this.use((c) =>
      inTransaction(c, async () => {
        let set = 0;
        for (const r of rows) {
          const done = await rowsOf(
            c,
            'UPDATE snapshots SET pins = $4 WHERE venue = $1 AND underlying = $2 AND as_of = $3 AND pins IS NULL RETURNING id',
            [r.venue, r.underlying, r.asOf, JSON.stringify(r.pins)],
          );
          set += done.length;
        }
        return set;
      }),
    );
  }

  /** Option rows of the snapshots in `query`; without one, every stored row, orphans included. */
  countOptionRows(query: HistoryQuery = {}): Promise<number> {
    const w = whereOf(query);
    const sql = w.sql
      ? `SELECT count(*) AS n FROM option_marks WHERE snapshot_id IN (SELECT id FROM snapshots ${w.sql})`
      : 'SELECT count(*) AS n FROM option_marks';
    return this.use(async (c) => Number(onlyRow(await rowsOf(c, sql, w.params), 'the option row count').n));
  }

  /** Runs SQL on the store's file (Parquet export/import, benchmarks). */
  sql(sql: string, params: SqlValue[] = []): Promise<Record<string, unknown>[]> {
    return this.use((c) => rowsOf(c, sql, params));
  }

  async close(): Promise<void> {
    await this.queue;
    if (this.held) {
      if (!this.options.readOnly && this.path !== ':memory:') await checkpoint(this.held.conn);
      this.held.conn.closeSync();
      this.held.instance.closeSync();
      this.held = undefined;
    }
  }
}

/**
 * Folds the write-ahead log into the file through a connection before the file is closed. The
 * checkpoint DuckDB runs by itself at close has no client context, and after a WAL replay (a
 * writer killed between its commit and its close) it can persist the key indexes without the
 * replayed rows (DuckDB 1.5: index buffers of a replay are applied only when a query binds
 * them); a checkpoint run as a statement binds them first. Nothing to fold costs one header read.
 */
async function checkpoint(c: DuckDBConnection): Promise<void> {
  await c.run('CHECKPOINT');
}

async function withAppender(c: DuckDBConnection, table: string, fill: (app: DuckDBAppender) => void): Promise<void> {
  const app = await c.createAppender(table);
  try {
    fill(app);
    app.flushSync();
  } finally {
    app.closeSync();
  }
}

async function hasColumn(c: DuckDBConnection, table: string, column: string): Promise<boolean> {
  const rows = await rowsOf(
    c,
    "SELECT 1 FROM information_schema.columns WHERE table_schema = 'main' AND table_name = $1 AND column_name = $2",
    [table, column],
  );
  return rows.length > 0;
}

/** Whether the file has the first layout: option_rows a table rather than a view. */
async function hasFlatRows(c: DuckDBConnection): Promise<boolean> {
  const [t] = await rowsOf(
    c,
    "SELECT table_type FROM information_schema.tables WHERE table_schema = 'main' AND table_name = 'option_rows'",
  );
  return t?.table_type === 'BASE TABLE';
}

/** Moves a first-layout file to the current layout in one transaction; nothing moves unless all of it does. */
async function migrateFlatRows(c: DuckDBConnection, path: string): Promise<void> {
  await inTransaction(c, async () => {
    await c.run(MIGRATE_FROM_FLAT_ROWS);
    const n = onlyRow(await rowsOf(c, MIGRATION_CHECK), 'the migration check');
    if (Number(n.flat_rows) !== Number(n.marks) || Number(n.flat_snapshots) !== Number(n.snapshots)) {
      throw new StoreError(
        `history database ${path}: moving to the current layout kept ${n.marks} of ${n.flat_rows} option rows and ${n.snapshots} of ${n.flat_snapshots} snapshots; left as it was`,
      );
    }
    await c.run(DROP_FLAT_ROWS);
  });
}

/** Runs `fn` in a transaction: committed when it returns, rolled back when it throws. */
async function inTransaction<T>(c: DuckDBConnection, fn: () => Promise<T>): Promise<T> {
  await c.run('BEGIN TRANSACTION');
  try {
    const result = await fn();
    await c.run('COMMIT');
    return result;
  } catch (e) {
    await c.run('ROLLBACK').catch(() => {});
    throw e;
  }
}
