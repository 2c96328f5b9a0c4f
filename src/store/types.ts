/** The history store: snapshots (normalised chain rows + computed summary) behind one interface. */
import type { ChainSnapshot } from '../chain/types.js';

/**
 * What a snapshot says about dealer gamma, computed once when it is written (classic positioning, all
 * expiries, ±20 %). The store sits below analytics, so the fields of analytics' MapSummary are
 * restated here (gammaFlips stored as `flips`); a type test keeps the two the same.
 */
export interface SnapshotSummary {
  /** spot (index), USD */
  readonly spot: number;
  /** net GEX at spot, USD per 1 % move */
  readonly netGex: number;
  readonly callGex: number;
  readonly putGex: number;
  readonly regime: 'positive' | 'negative';
  readonly flips: readonly number[];
  readonly nearestFlip: number | null;
  /** (nearest flip − spot)/spot in %, null without a flip */
  readonly distanceToFlipPct: number | null;
  readonly callWall: number | null;
  readonly putWall: number | null;
  /** options admitted into the snapshot */
  readonly options: number;
}

export interface SnapshotKey {
  readonly venue: string;
  readonly underlying: string;
  /** epoch ms (UTC) */
  readonly asOf: number;
}

/** The pin levels of one expiry date of a snapshot (see SnapshotPins). */
export interface ExpiryPin {
  /** the expiry date, YYYY-MM-DD in the pins' time zone */
  readonly date: string;
  /** strike of largest call + put open interest (ties: nearest to spot) */
  readonly largestOi: number;
  /** the listed strike minimising the intrinsic value paid to holders */
  readonly maxPain: number;
}

/**
 * What the study's pinning reads of a snapshot, computed once when it is written (in the same
 * transaction as its rows), so that a study never reads option rows: for each expiry date of the
 * chain (its expiries grouped by date in `timeZone`), in date order, the pin levels of the options
 * of that date together.
 */
export interface SnapshotPins {
  readonly timeZone: string;
  readonly expiries: readonly ExpiryPin[];
}

export interface SnapshotRecord {
  readonly snapshot: ChainSnapshot;
  readonly summary: SnapshotSummary;
  /** absent: stored without pins (null), as a snapshot written before they existed */
  readonly pins?: SnapshotPins;
}

/**
 * A SnapshotRecord as an import's worker thread posts it and the DuckDB store writes it: the option
 * rows as columns in three typed arrays (moved, not copied) and their names in one string, the
 * dropped rows as their JSON text (the text the store keeps), so that the thread that writes
 * neither receives a structured clone of thousands of small objects nor builds them again.
 * packedRecord.ts packs and unpacks it.
 */
export interface PackedRecord {
  readonly head: Omit<ChainSnapshot, 'options' | 'dropped'>;
  /** JSON.stringify of the snapshot's dropped rows */
  readonly dropped: string;
  readonly summary: SnapshotSummary;
  readonly pins?: SnapshotPins;
  /** the instrument names, one after another; `nameEnds[i]` is where option i's ends */
  readonly names: string;
  readonly nameEnds: Int32Array;
  /** PACKED_COLUMNS values per option, option after option (packedRecord.ts) */
  readonly numbers: Float64Array;
  /** per option: PUT, HAS_MARK, HAS_VOLUME (packedRecord.ts) */
  readonly flags: Uint8Array;
  /** per option its venue, only when some option has one (a snapshot spanning venues) */
  readonly venues?: readonly (string | null)[];
}

/** What a store writes: a record as it is, or packed. */
export type WritableRecord = SnapshotRecord | PackedRecord;

/** A stored snapshot's pins; null when it was stored without them. */
export interface StoredPins extends SnapshotKey {
  readonly pins: SnapshotPins | null;
}

/** One stored snapshot in a listing. */
export interface SnapshotMeta extends SnapshotKey {
  readonly spot: number;
  readonly source: string;
  readonly options: number;
}

export interface SummaryPoint extends SnapshotKey, SnapshotSummary {}

/** Filter of a listing: `from` inclusive, `to` exclusive, epoch ms; ordered by venue, underlying, asOf. */
export interface HistoryQuery {
  readonly venue?: string;
  readonly underlying?: string;
  readonly from?: number;
  readonly to?: number;
}

export type WriteOutcome = 'written' | 'exists';

export interface SnapshotStore {
  /** engine name for messages: duckdb, postgres */
  readonly engine: string;
  /**
   * Writes the snapshot's rows and its summary in ONE transaction: after a crash either all of it
   * is stored or none. A snapshot whose (venue, underlying, asOf) is stored already is left as it
   * is and answers `exists` (so a restarted recorder can write the same snapshot again safely).
   */
  writeSnapshot(record: SnapshotRecord): Promise<WriteOutcome>;
  /** Several snapshots, whole ones per transaction (a bulk import), each as it is or packed. */
  writeSnapshots(records: Iterable<WritableRecord> | AsyncIterable<WritableRecord>): Promise<{
    written: number;
    existing: number;
  }>;
  listSnapshots(query?: HistoryQuery): Promise<SnapshotMeta[]>;
  /** The stored chain, or undefined when there is none at that key. */
  readSnapshot(key: SnapshotKey): Promise<ChainSnapshot | undefined>;
  readSummaries(query?: HistoryQuery): Promise<SummaryPoint[]>;
  /** The stored pins of the snapshots in the query, ordered as readSummaries. */
  readPins(query?: HistoryQuery): Promise<StoredPins[]>;
  /** The snapshots stored without pins (written before they existed), ordered as readSummaries. */
  listWithoutPins(): Promise<SnapshotKey[]>;
  /**
   * Stores the pins of snapshots stored without them (computed from their rows by the caller, once);
   * pins already stored are kept. Returns how many were set.
   */
  fillPins(rows: readonly (SnapshotKey & { readonly pins: SnapshotPins })[]): Promise<number>;
  /** Option rows stored for the snapshots in the query (a check that no rows are orphaned or missing). */
  countOptionRows(query?: HistoryQuery): Promise<number>;
  close(): Promise<void>;
}

/** The stored store could not be reached or refused (lock held, server down, schema mismatch). */
export class StoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreError';
  }
}
