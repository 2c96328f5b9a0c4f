import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import postgres from 'postgres';
import type { ChainSnapshot } from '../chain/types.js';
import { writeInBatches } from './batches.js';
import { unpacked } from './packedRecord.js';
import {
  metaOf,
  OPTION_COLUMNS,
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

/**
 * Tables of the server engine, both partitioned by RANGE (as_of) into one partition per UTC month
 * (`snapshots_p2025_11`, `option_rows_p2025_11`, created when a snapshot of that month is first
 * written). as_of and expiry are epoch milliseconds; `flips`, `dropped` and `pins` are JSON text
 * (`pins` null in a snapshot stored without them, see SnapshotPins). `ordinal`
 * is an option's place in its snapshot, so that a snapshot reads back in the order it was written
 * (rows of a store written before it existed read back in name order).
 */
const POSTGRES_SCHEMA = `
CREATE TABLE IF NOT EXISTS snapshots (
  venue text NOT NULL, underlying text NOT NULL, as_of bigint NOT NULL,
  spot double precision NOT NULL, source text NOT NULL, model_kind text NOT NULL, rate double precision NOT NULL,
  dividend_yield double precision, dropped text NOT NULL, option_count integer NOT NULL,
  net_gex double precision NOT NULL, call_gex double precision NOT NULL, put_gex double precision NOT NULL,
  regime text NOT NULL, flips text NOT NULL, nearest_flip double precision, distance_to_flip_pct double precision,
  call_wall double precision, put_wall double precision, pins text,
  PRIMARY KEY (venue, underlying, as_of)
) PARTITION BY RANGE (as_of);
CREATE TABLE IF NOT EXISTS option_rows (
  venue text NOT NULL, underlying text NOT NULL, as_of bigint NOT NULL,
  instrument text NOT NULL, expiry bigint NOT NULL, strike double precision NOT NULL, option_type text NOT NULL,
  open_interest double precision NOT NULL, iv double precision NOT NULL, forward double precision NOT NULL,
  multiplier double precision NOT NULL, mark_price double precision, ordinal integer
) PARTITION BY RANGE (as_of);
-- stores created before ordinal existed; checked first, because ALTER TABLE locks out every reader
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM information_schema.columns
                 WHERE table_schema = current_schema() AND table_name = 'option_rows' AND column_name = 'ordinal') THEN
    ALTER TABLE option_rows ADD COLUMN ordinal integer;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM information_schema.columns
                 WHERE table_schema = current_schema() AND table_name = 'snapshots' AND column_name = 'pins') THEN
    ALTER TABLE snapshots ADD COLUMN pins text;
  END IF;
END $$;
CREATE INDEX IF NOT EXISTS option_rows_key ON option_rows (venue, underlying, as_of);
`;

/** The UTC month holding `asOf`: its partition suffix and bounds in epoch ms. */
function monthPartition(asOf: number): { suffix: string; from: number; to: number } {
  const d = new Date(asOf);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  return {
    suffix: `p${y}_${String(m + 1).padStart(2, '0')}`,
    from: Date.UTC(y, m, 1),
    to: Date.UTC(y, m + 1, 1),
  };
}

/** COPY text format: tab-separated, \N for null; names are escaped. */
function copyText(v: string | number | null): string {
  if (v === null) return '\\N';
  if (typeof v === 'number') return String(v);
  return v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

function* copyLines(s: ChainSnapshot, batch = 2000): Generator<string> {
  const head = `${copyText(s.venue)}\t${copyText(s.underlying)}\t${s.asOf}\t`;
  let buf = '';
  let n = 0;
  for (const [ordinal, o] of s.options.entries()) {
    buf += `${head}${copyText(o.instrument)}\t${o.expiry}\t${o.strike}\t${o.type}\t${o.openInterest}\t${o.iv}\t${o.forward}\t${o.multiplier}\t${o.markPrice === undefined ? '\\N' : o.markPrice}\t${ordinal}\n`;
    if (++n === batch) {
      yield buf;
      buf = '';
      n = 0;
    }
  }
  if (buf) yield buf;
}

/** Every numeric field finite before COPY starts (a COPY that fails server-side mid-stream is hard to unwind). */
function checkRows(s: ChainSnapshot): void {
  for (const o of s.options) {
    for (const field of ['expiry', 'strike', 'openInterest', 'iv', 'forward', 'multiplier'] as const) {
      if (typeof o[field] !== 'number' || !Number.isFinite(o[field]))
        throw new StoreError(`${o.instrument}: ${field} (${String(o[field])}) must be a finite number`);
    }
    if (o.markPrice !== undefined && !Number.isFinite(o.markPrice))
      throw new StoreError(`${o.instrument}: markPrice (${String(o.markPrice)}) must be a finite number`);
  }
}

/** The server engine: PostgreSQL 15 with month partitions; option rows go in by COPY. */
export class PostgresStore implements SnapshotStore {
  readonly engine = 'postgres';
  private readonly months = new Set<string>();

  private constructor(readonly sql: postgres.Sql) {}

  static async open(url: string, options: { max?: number } = {}): Promise<PostgresStore> {
    const sql = postgres(url, { max: options.max ?? 4, onnotice: () => {}, connect_timeout: 10 });
    try {
      await sql.unsafe(POSTGRES_SCHEMA);
    } catch (e) {
      await sql.end({ timeout: 1 }).catch(() => {});
      throw new StoreError(`PostgreSQL at ${redact(url)}: ${(e as Error).message}`, { cause: e });
    }
    return new PostgresStore(sql);
  }

  private async ensurePartition(asOf: number): Promise<void> {
    const p = monthPartition(asOf);
    if (this.months.has(p.suffix)) return;
    for (const table of ['snapshots', 'option_rows']) {
      try {
        await this.sql.unsafe(
          `CREATE TABLE IF NOT EXISTS ${table}_${p.suffix} PARTITION OF ${table} FOR VALUES FROM (${p.from}) TO (${p.to})`,
        );
      } catch (e) {
        // another writer created it between our check and our CREATE
        if ((e as { code?: string }).code !== '42P07' && (e as { code?: string }).code !== '23505') throw e;
      }
    }
    this.months.add(p.suffix);
  }

  /**
   * Writes a batch of snapshots in ONE transaction: the snapshot rows in one multi-row INSERT
   * (stored keys skipped by ON CONFLICT), then the option rows of the new ones in one COPY.
   */
  private async writeBatch(records: readonly SnapshotRecord[]): Promise<WriteOutcome[]> {
    for (const r of records) await this.ensurePartition(r.snapshot.asOf);
    const keyOf = (v: string, u: string, t: number) => `${v}|${u}|${t}`;
    return this.sql.begin(async (tx) => {
      const heads = records.map((r) => Object.fromEntries(SNAPSHOT_COLUMNS.map((c, i) => [c, snapshotRow(r)[i]])));
      const inserted = await tx<{ venue: string; underlying: string; as_of: string }[]>`
        INSERT INTO snapshots ${tx(heads as Record<string, postgres.ParameterOrJSON<never>>[], ...SNAPSHOT_COLUMNS)}
        ON CONFLICT DO NOTHING RETURNING venue, underlying, as_of`;
      const fresh = new Set(inserted.map((r) => keyOf(r.venue, r.underlying, Number(r.as_of))));
      const outcomes: WriteOutcome[] = [];
      const toCopy: ChainSnapshot[] = [];
      for (const r of records) {
        const k = keyOf(r.snapshot.venue, r.snapshot.underlying, r.snapshot.asOf);
        if (fresh.delete(k)) {
          outcomes.push('written');
          // checked inside the transaction, after the snapshot rows: a failure rolls them back too
          checkRows(r.snapshot);
          toCopy.push(r.snapshot);
        } else outcomes.push('exists');
      }
      if (toCopy.some((s) => s.options.length > 0)) {
        const writable = await tx.unsafe(`COPY option_rows (${OPTION_COLUMNS.join(', ')}) FROM STDIN`).writable();
        await pipeline(
          Readable.from(
            (function* () {
              for (const s of toCopy) yield* copyLines(s, 20_000);
            })(),
          ),
          writable,
        );
      }
      return outcomes;
    }) as Promise<WriteOutcome[]>;
  }

  async writeSnapshot(record: SnapshotRecord): Promise<WriteOutcome> {
    return onlyRow(await this.writeBatch([record]), 'the outcome of one snapshot write');
  }

  /** Batches of about `batchRows` option rows (at most 2,000 snapshots), one transaction each (whole snapshots only). */
  writeSnapshots(
    records: Iterable<WritableRecord> | AsyncIterable<WritableRecord>,
    batchRows = 200_000,
  ): Promise<{ written: number; existing: number }> {
    // COPY writes from option objects: a packed record is unpacked first
    return writeInBatches(records, (batch) => this.writeBatch(batch.map(unpacked)), {
      rows: batchRows,
      snapshots: 2000,
    });
  }

  private rows(text: string, params: SqlValue[]): Promise<Record<string, unknown>[]> {
    return this.sql.unsafe(text, params as postgres.ParameterOrJSON<never>[]) as unknown as Promise<
      Record<string, unknown>[]
    >;
  }

  async listSnapshots(query: HistoryQuery = {}): Promise<SnapshotMeta[]> {
    const w = whereOf(query);
    const rows = await this.rows(
      `SELECT venue, underlying, as_of, spot, source, option_count FROM snapshots ${w.sql} ORDER BY venue, underlying, as_of`,
      w.params,
    );
    return rows.map(metaOf);
  }

  async readSnapshot(key: SnapshotKey): Promise<ChainSnapshot | undefined> {
    const params = [key.venue, key.underlying, key.asOf];
    const head = await this.rows('SELECT * FROM snapshots WHERE venue = $1 AND underlying = $2 AND as_of = $3', params);
    const [first] = head;
    if (first === undefined) return undefined;
    const rows = await this.rows(
      'SELECT * FROM option_rows WHERE venue = $1 AND underlying = $2 AND as_of = $3 ORDER BY ordinal NULLS LAST, instrument',
      params,
    );
    return snapshotOf(first, rows);
  }

  async readSummaries(query: HistoryQuery = {}): Promise<SummaryPoint[]> {
    const w = whereOf(query);
    return (
      await this.rows(
        `SELECT ${SUMMARY_COLUMNS.join(', ')} FROM snapshots ${w.sql} ORDER BY venue, underlying, as_of`,
        w.params,
      )
    ).map(summaryOf);
  }

  async readPins(query: HistoryQuery = {}): Promise<StoredPins[]> {
    const w = whereOf(query);
    const rows = await this.rows(
      `SELECT venue, underlying, as_of, pins FROM snapshots ${w.sql} ORDER BY venue, underlying, as_of`,
      w.params,
    );
    return rows.map(pinsOf);
  }

  async listWithoutPins(): Promise<SnapshotKey[]> {
    const rows = await this.rows(
      'SELECT venue, underlying, as_of FROM snapshots WHERE pins IS NULL ORDER BY venue, underlying, as_of',
      [],
    );
    return rows.map((r) => ({ venue: String(r.venue), underlying: String(r.underlying), asOf: Number(r.as_of) }));
  }

  async fillPins(rows: readonly (SnapshotKey & { readonly pins: SnapshotPins })[]): Promise<number> {
    if (rows.length === 0) return 0;
    return (await this.sql.begin(async (tx) => {
      let set = 0;
      for (const r of rows) {
        const done = await tx`
          UPDATE snapshots SET pins = ${JSON.stringify(r.pins)}
          WHERE venue = ${r.venue} AND underlying = ${r.underlying} AND as_of = ${r.asOf} AND pins IS NULL`;
        set += done.count;
      }
      return set;
    })) as number;
  }

  async countOptionRows(query: HistoryQuery = {}): Promise<number> {
    const w = whereOf(query);
    return Number(
      onlyRow(await this.rows(`SELECT count(*) AS n FROM option_rows ${w.sql}`, w.params), 'the option row count').n,
    );
  }

  async close(): Promise<void> {
    await this.sql.end({ timeout: 5 });
  }
}

/** A connection URL without its password, for messages. */
function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}
