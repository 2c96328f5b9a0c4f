import { ivDropReason, MAX_PLAUSIBLE_IV } from './admit.js';
import { type ColumnarChain, toColumnar, writeOptionTerms } from './columnar.js';
import type { ChainSnapshot, DroppedRow, DropReason, OptionQuote, PricingModel } from './types.js';

/** A new mark of one option from a stream: iv decimal, markPrice in the venue's quote unit. */
export interface MarkUpdate {
  readonly instrument: string;
  readonly markPrice: number;
  readonly iv: number;
  readonly timestamp: number;
}

/** A new spot (the venue's index) from a stream. */
export interface SpotUpdate {
  readonly price: number;
  readonly timestamp: number;
}

/** What applying one batch of updates did. */
export interface ApplyResult {
  /** updates written into the chain */
  readonly applied: number;
  /** updates older than what the chain already holds (after a resync, or out of order) */
  readonly outdated: number;
  /** updates for instruments the snapshot dropped (zero open interest, no vol …): they enter at the next poll */
  readonly ignored: number;
  /** instruments the chain has never heard of: a new listing, to be picked up by a resync */
  readonly unknown: readonly string[];
  /** instruments taken out by this batch (expired by the clock, or no usable vol) */
  readonly removed: readonly string[];
}

interface Row {
  readonly instrument: string;
  readonly expiry: number;
  readonly strike: number;
  readonly type: OptionQuote['type'];
  readonly openInterest: number;
  readonly multiplier: number;
  /** forward / spot, fixed between book-summary polls: forwards move with the index */
  readonly fwdRatio: number;
  iv: number;
  /** venue mark in USD per contract unit (as OptionQuote.markPrice) */
  markUsd: number | undefined;
  /** timestamp of the last mark applied, ms */
  lastMarkAt: number;
}

export interface LiveChainOptions {
  /** inverse options are marked in coin per contract: USD = mark × forward */
  readonly settlement: 'inverse' | 'linear';
  /** upper bound of a plausible IV, decimal (default MAX_PLAUSIBLE_IV) */
  readonly maxIv?: number;
}

/**
 * A chain that follows the stream: mark (iv) and index updates are written straight into the
 * columnar arrays, and only the per-option terms that depend on them (σ√t, d1 shift, gamma scale)
 * are recomputed: no re-parse, no new arrays. A change of membership (an instrument expiring, a
 * vol that became unusable) rebuilds the columns once for the batch. Open interest and the
 * forwards change only when a new book-summary snapshot is installed.
 */
export class LiveChain {
  private rows: Row[] = [];
  private index = new Map<string, number>();
  private droppedNames = new Set<string>();
  private dropped: DroppedRow[] = [];
  private cols!: ColumnarChain;
  private lnRatioK = new Float64Array(0);
  private spotNow: number;
  private asOfNow: number;
  /** timestamp of the last index update applied (the index and the marks stream separately) */
  private indexAt: number;
  /** incremented on every change of state */
  version = 0;
  readonly venue: string;
  readonly underlying: string;
  readonly model: PricingModel;
  source: string;

  private constructor(
    snapshot: ChainSnapshot,
    private readonly options: LiveChainOptions,
  ) {
    this.venue = snapshot.venue;
    this.underlying = snapshot.underlying;
    this.model = snapshot.model;
    this.source = snapshot.source;
    this.spotNow = snapshot.spot;
    this.asOfNow = snapshot.asOf;
    this.indexAt = snapshot.asOf;
    this.install(snapshot);
  }

  static fromSnapshot(snapshot: ChainSnapshot, options: LiveChainOptions): LiveChain {
    if (snapshot.model.kind !== 'black76') throw new RangeError('a live chain prices with Black-76 on its forwards');
    return new LiveChain(snapshot, options);
  }

  get spot(): number {
    return this.spotNow;
  }

  get asOf(): number {
    return this.asOfNow;
  }

  get size(): number {
    return this.rows.length;
  }

  has(instrument: string): boolean {
    return this.index.has(instrument);
  }

  /** Replaces everything with a fresh snapshot (after a resync or an open-interest poll). */
  replace(snapshot: ChainSnapshot): void {
    this.spotNow = snapshot.spot;
    this.asOfNow = snapshot.asOf;
    this.indexAt = snapshot.asOf;
    this.source = snapshot.source;
    this.install(snapshot);
  }

  private install(snapshot: ChainSnapshot): void {
    this.rows = snapshot.options.map((o) => ({
      instrument: o.instrument,
      expiry: o.expiry,
      strike: o.strike,
      type: o.type,
      openInterest: o.openInterest,
      multiplier: o.multiplier,
      fwdRatio: o.forward / snapshot.spot,
      iv: o.iv,
      markUsd: o.markPrice,
      lastMarkAt: snapshot.asOf,
    }));
    this.dropped = [...snapshot.dropped];
    this.droppedNames = new Set(snapshot.dropped.map((d) => d.where));
    this.rebuild();
  }

  /** Builds the columns for the current rows, then writes the live terms. */
  private rebuild(): void {
    this.index = new Map(this.rows.map((r, i) => [r.instrument, i]));
    this.cols = toColumnar({ spot: this.spotNow, asOf: this.asOfNow, model: this.model }, this.quotes());
    const n = this.rows.length;
    this.lnRatioK = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const r = this.rows[i] as Row;
      // keep the ratio itself, not forward/spot recomputed, so rebuilds never drift
      this.cols.fwdRatio[i] = r.fwdRatio;
      this.lnRatioK[i] = Math.log(r.fwdRatio) - Math.log(r.strike);
    }
    this.refreshTerms();
    this.version++;
  }

  /** σ√t, d1 shift and gamma scale of every option at the current asOf and vols (toColumnar's terms). */
  private refreshTerms(): void {
    writeOptionTerms(this.cols, this.model, this.asOfNow, this.lnRatioK);
  }

  private drop(instrument: string, field: string, reason: DropReason, value: string): void {
    this.dropped.push({ where: instrument, field, reason, value });
    this.droppedNames.add(instrument);
  }

  /** Removes options whose expiry the clock has reached; true when any went. */
  private expireByClock(removed: string[]): boolean {
    const before = this.rows.length;
    this.rows = this.rows.filter((r) => {
      if (r.expiry > this.asOfNow) return true;
      this.drop(r.instrument, 'expiry', 'expired', new Date(r.expiry).toISOString());
      removed.push(r.instrument);
      return false;
    });
    return this.rows.length !== before;
  }

  /**
   * Applies one batch of mark updates (one venue notification): vols (decimal) and marks.
   * Updates older than the option's last mark are skipped; asOf moves to the newest timestamp.
   */
  applyMarks(updates: readonly MarkUpdate[]): ApplyResult {
    let applied = 0;
    let outdated = 0;
    let ignored = 0;
    const unknown: string[] = [];
    const removed: string[] = [];
    let membership = false;
    const before = this.asOfNow;
    let latest = before;
    const maxIv = this.options.maxIv ?? MAX_PLAUSIBLE_IV;
    const iv = this.cols.iv;
    for (const u of updates) {
      const i = this.index.get(u.instrument);
      if (i === undefined) {
        if (this.droppedNames.has(u.instrument)) ignored++;
        else unknown.push(u.instrument);
        continue;
      }
      const row = this.rows[i] as Row;
      if (u.timestamp < row.lastMarkAt) {
        outdated++;
        continue;
      }
      row.lastMarkAt = u.timestamp;
      if (u.timestamp > latest) latest = u.timestamp;
      const ivReason = ivDropReason(u.iv, maxIv);
      if (ivReason !== undefined) {
        this.drop(u.instrument, 'iv', ivReason, String(u.iv));
        removed.push(u.instrument);
        membership = true;
        continue;
      }
      row.iv = u.iv;
      iv[i] = u.iv;
      row.markUsd = this.options.settlement === 'inverse' ? u.markPrice * row.fwdRatio * this.spotNow : u.markPrice;
      applied++;
    }
    if (membership) {
      const gone = new Set(removed);
      this.rows = this.rows.filter((r) => !gone.has(r.instrument));
    }
    this.asOfNow = latest;
    if (this.expireByClock(removed)) membership = true;
    if (membership) this.rebuild();
    else if (applied > 0 || latest !== before) {
      this.refreshTerms();
      this.version++;
    }
    return { applied, outdated, ignored, unknown, removed };
  }

  /**
   * Applies one index (spot) update: spot moves, every forward with it. An index older than the
   * last one applied is skipped; asOf moves to the newest timestamp seen.
   */
  applyIndex(update: SpotUpdate): boolean {
    if (update.timestamp < this.indexAt) return false;
    this.indexAt = update.timestamp;
    this.spotNow = update.price;
    const moved = update.timestamp > this.asOfNow;
    if (moved) this.asOfNow = update.timestamp;
    const removed: string[] = [];
    if (this.expireByClock(removed)) this.rebuild();
    else {
      if (moved) this.refreshTerms();
      this.version++;
    }
    return true;
  }

  /** Takes an instrument out (settled, closed or terminated on the venue). */
  remove(instrument: string, reason: DropReason, field = 'state'): boolean {
    const i = this.index.get(instrument);
    if (i === undefined) return false;
    const row = this.rows[i] as Row;
    this.drop(instrument, field, reason, reason === 'expired' ? new Date(row.expiry).toISOString() : field);
    this.rows.splice(i, 1);
    this.rebuild();
    return true;
  }

  /** The columns at the current spot and asOf (shared arrays: read them before the next update). */
  columnar(): ColumnarChain {
    return { ...this.cols, spot: this.spotNow, asOf: this.asOfNow };
  }

  /** The rows as quotes at the current spot: forwards keep their ratio to the index. */
  private quotes(): OptionQuote[] {
    return this.rows.map((r) => ({
      instrument: r.instrument,
      expiry: r.expiry,
      strike: r.strike,
      type: r.type,
      openInterest: r.openInterest,
      iv: r.iv,
      forward: r.fwdRatio * this.spotNow,
      multiplier: r.multiplier,
      ...(r.markUsd !== undefined ? { markPrice: r.markUsd } : {}),
    }));
  }

  /** A plain snapshot of the current state, for the report and for comparisons. */
  snapshot(): ChainSnapshot {
    const options = this.quotes();
    return {
      venue: this.venue,
      underlying: this.underlying,
      asOf: this.asOfNow,
      spot: this.spotNow,
      model: this.model,
      options,
      dropped: [...this.dropped],
      source: this.source,
    };
  }
}
