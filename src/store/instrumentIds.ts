import type { OptionQuote } from '../chain/types.js';

/** What an option row says about its instrument that does not change from snapshot to snapshot. */
export interface InstrumentRow {
  readonly id: number;
  readonly venue: string;
  readonly underlying: string;
  readonly instrument: string;
  readonly expiry: number;
  readonly strike: number;
  readonly type: 'C' | 'P';
  readonly multiplier: number;
}

/** One snapshot's numbering: its venue and underlying, their names, and the rows it has added. */
export interface InstrumentScope {
  /** from `namesOf(venue, underlying)` */
  readonly names: Map<string, InstrumentRow>;
  readonly venue: string;
  readonly underlying: string;
  /** receives each instrument seen for the first time */
  readonly added: InstrumentRow[];
}

/**
 * Ids of the instruments a store holds, keyed by (venue, underlying, instrument, expiry, strike,
 * type, multiplier): a recorder sees the same few hundred instruments in every snapshot, so each
 * is stored once and an option row carries its id. Ids only grow; `count` and `maxId` tell whether
 * the table has changed under this copy (another process writing the same file).
 */
export class InstrumentIds {
  /** venue|underlying → instrument name → the row last seen under that name (the usual hit) */
  private readonly latest = new Map<string, Map<string, InstrumentRow>>();
  /**
   * every row by scope, name and expiry, only for names that stand for more than one instrument over
   * time (most names stand for one, and cost no entry here); one row, or several when strike, type
   * or multiplier tell them apart
   */
  private readonly all = new Map<
    Map<string, InstrumentRow>,
    Map<string, Map<number, InstrumentRow | InstrumentRow[]>>
  >();
  count = 0;
  maxId = 0;

  constructor(rows: Iterable<InstrumentRow> = []) {
    for (const r of rows) this.insert(this.namesOf(r.venue, r.underlying), r);
  }

  /** The latest rows by name of one venue and underlying: a snapshot's look-ups go through it. */
  namesOf(venue: string, underlying: string): Map<string, InstrumentRow> {
    const scope = `${venue}|${underlying}`;
    let names = this.latest.get(scope);
    if (names === undefined) {
      names = new Map();
      this.latest.set(scope, names);
    }
    return names;
  }

  /** The id of the option's instrument; a new one gets the next id and is added to the scope's `added`. */
  idOf(o: OptionQuote, { names, venue, underlying, added }: InstrumentScope): number {
    const last = names.get(o.instrument);
    if (last && sameInstrument(last, o)) return last.id;
    if (last) {
      const stored = this.byName(names).get(o.instrument)?.get(o.expiry);
      const other = Array.isArray(stored)
        ? stored.find((r) => sameInstrument(r, o))
        : stored !== undefined && sameInstrument(stored, o)
          ? stored
          : undefined;
      if (other) {
        names.set(o.instrument, other);
        return other.id;
      }
    }
    const r: InstrumentRow = {
      id: this.maxId + 1,
      venue,
      underlying,
      instrument: o.instrument,
      expiry: o.expiry,
      strike: o.strike,
      type: o.type,
      multiplier: o.multiplier,
    };
    this.insert(names, r);
    added.push(r);
    return r.id;
  }

  private byName(names: Map<string, InstrumentRow>): Map<string, Map<number, InstrumentRow | InstrumentRow[]>> {
    let byName = this.all.get(names);
    if (byName === undefined) {
      byName = new Map();
      this.all.set(names, byName);
    }
    return byName;
  }

  private insert(names: Map<string, InstrumentRow>, r: InstrumentRow): void {
    const last = names.get(r.instrument);
    names.set(r.instrument, r);
    this.count++;
    if (r.id > this.maxId) this.maxId = r.id;
    if (last === undefined) return;
    // a second instrument under this name: from now on every one of its rows is kept by expiry
    const byName = this.byName(names);
    let byExpiry = byName.get(r.instrument);
    if (byExpiry === undefined) {
      byExpiry = new Map([[last.expiry, last]]);
      byName.set(r.instrument, byExpiry);
    }
    const same = byExpiry.get(r.expiry);
    if (same === undefined) byExpiry.set(r.expiry, r);
    else if (Array.isArray(same)) same.push(r);
    else byExpiry.set(r.expiry, [same, r]);
  }
}

const sameInstrument = (r: InstrumentRow, o: OptionQuote) =>
  r.expiry === o.expiry && r.strike === o.strike && r.type === o.type && r.multiplier === o.multiplier;
