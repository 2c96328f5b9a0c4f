import { type AdmissionDrop, admissionDrop } from './admit.js';
import type { DroppedRow } from './types.js';

/** The reasons in the order of their codes. */
const REASONS: readonly AdmissionDrop[] = [
  'expired',
  'zero-open-interest',
  'no-implied-vol',
  'implausible-implied-vol',
  'absurd-implied-vol',
];
const IMPLAUSIBLE = REASONS.indexOf('implausible-implied-vol');
const ABSURD = REASONS.indexOf('absurd-implied-vol');
const EXPIRED = REASONS.indexOf('expired');
const ZERO_OI = REASONS.indexOf('zero-open-interest');
/** What follows `where` in a record's JSON, up to its value, by reason code (admissionDrop's fields). */
const JSON_FIELDS = REASONS.map((reason) => {
  const { where: _where, value: _value, ...rest } = admissionDrop('', reason, 0);
  return `,${JSON.stringify(rest).slice(1, -1)},"value":`;
});

/** What the plausibility check reads of a chain's drops: the IVs dropped for their size, and the absurd ones. */
export interface SizedIvDrops {
  /** every IV dropped as implausible (below 1 %) or absurd (above the bound), finite and positive */
  readonly ivs: Float64Array;
  /** how many were dropped as absurd */
  readonly absurd: number;
  /** the record of the first absurd one, worded when a refusal names it */
  readonly firstAbsurd: () => DroppedRow | undefined;
}

/**
 * The rows a reader dropped, kept as numbers (place, reason code, the expiry or IV) in typed arrays
 * while it reads, and worded by admissionDrop only when the snapshot's `dropped` is read: a chain
 * drops thousands of rows (SPX: ~6,000 of ~19,000 legs) and most callers only count them.
 */
export class DropLog {
  /** each drop's place as a number; NaN where it is text, kept in `texts` */
  private places = new Float64Array(1024);
  private reasons = new Uint8Array(1024);
  private values = new Float64Array(1024);
  private texts: Map<number, string> | undefined;
  private count = 0;

  /** `words` gives a numeric place's text (`line 12 (put)`), as the reader would have written it. */
  constructor(private readonly words: (place: number) => string) {}

  get length(): number {
    return this.count;
  }

  /** Records one drop at `place` (a number given words by `words`, or the text itself). */
  push(place: number | string, reason: AdmissionDrop, value: number): void {
    const i = this.count++;
    if (i === this.places.length) this.grow();
    this.reasons[i] = REASONS.indexOf(reason);
    this.values[i] = value;
    if (typeof place === 'number') this.places[i] = place;
    else {
      this.places[i] = Number.NaN;
      this.texts ??= new Map();
      this.texts.set(i, place);
    }
  }

  /** The drops as records, in the order they were recorded. */
  rows(): DroppedRow[] {
    const rows: DroppedRow[] = [];
    for (let i = 0; i < this.count; i++) rows.push(this.row(i));
    return rows;
  }

  /**
   * JSON.stringify(this.rows()), the same text, written piece by piece without the records: a bulk
   * import stores each chain's thousands of drops as JSON and never reads them as objects.
   */
  json(): string {
    let out = '[';
    let lastExpiry = Number.NaN;
    let lastExpiryJson = '';
    for (let i = 0; i < this.count; i++) {
      const where = this.whereOf(i);
      const code = this.reasons[i] as number;
      const v = this.values[i] as number;
      let value: string;
      if (code === EXPIRED) {
        // the rows of one expiry come together: its instant is worded once
        if (v !== lastExpiry) {
          lastExpiry = v;
          lastExpiryJson = JSON.stringify(new Date(v).toISOString());
        }
        value = lastExpiryJson;
      } else value = code === ZERO_OI ? '"0"' : JSON.stringify(String(v));
      out += `${i === 0 ? '' : ','}{"where":${JSON.stringify(where)}${JSON_FIELDS[code] as string}${value}}`;
    }
    return `${out}]`;
  }

  /** The IVs dropped for their size, without wording a record. */
  sizedIvs(): SizedIvDrops {
    const ivs = new Float64Array(this.count);
    let n = 0;
    let absurd = 0;
    let first = -1;
    for (let i = 0; i < this.count; i++) {
      const code = this.reasons[i] as number;
      if (code !== IMPLAUSIBLE && code !== ABSURD) continue;
      if (code === ABSURD && absurd++ === 0) first = i;
      const v = this.values[i] as number;
      if (Number.isFinite(v) && v > 0) ivs[n++] = v;
    }
    return { ivs: ivs.subarray(0, n), absurd, firstAbsurd: () => (first < 0 ? undefined : this.row(first)) };
  }

  /**
   * Gives `snapshot` its `dropped` as an enumerable property worded from this log on first read (then
   * kept): JSON, spreads and key order see the plain array a reader used to build.
   */
  defineOn(snapshot: object): void {
    PENDING.set(snapshot, this);
    Object.defineProperty(snapshot, 'dropped', { get: droppedRows, enumerable: true, configurable: true });
  }

  /** Drop i's place in words: its text, or its number worded as the reader would. */
  private whereOf(i: number): string {
    const place = this.places[i] as number;
    return Number.isNaN(place) ? (this.texts?.get(i) as string) : this.words(place);
  }

  private row(i: number): DroppedRow {
    return admissionDrop(
      this.whereOf(i),
      REASONS[this.reasons[i] as number] as AdmissionDrop,
      this.values[i] as number,
    );
  }

  private grow(): void {
    const size = 2 * this.places.length;
    const places = new Float64Array(size);
    const reasons = new Uint8Array(size);
    const values = new Float64Array(size);
    places.set(this.places);
    reasons.set(this.reasons);
    values.set(this.values);
    this.places = places;
    this.reasons = reasons;
    this.values = values;
  }
}

/** How many rows the snapshot dropped, without wording them. */
export function droppedCount(snapshot: { readonly dropped: readonly DroppedRow[] }): number {
  const kept = PENDING.get(snapshot);
  return kept instanceof DropLog ? kept.length : snapshot.dropped.length;
}

/** JSON.stringify(snapshot.dropped), from the log while its drops have not been worded. */
export function droppedJson(snapshot: { readonly dropped: readonly DroppedRow[] }): string {
  const kept = PENDING.get(snapshot);
  return kept instanceof DropLog ? kept.json() : JSON.stringify(snapshot.dropped);
}

/** Each snapshot's log until its drops are first read, then the records worded from it. */
const PENDING = new WeakMap<object, DropLog | readonly DroppedRow[]>();

/** The getter of `dropped` every logged snapshot shares (one function, so the snapshots keep one map). */
function droppedRows(this: object): readonly DroppedRow[] {
  const kept = PENDING.get(this);
  if (kept === undefined) throw new Error('dropped read through an object that is not a logged snapshot');
  if (!(kept instanceof DropLog)) return kept;
  const rows = kept.rows();
  PENDING.set(this, rows);
  return rows;
}
