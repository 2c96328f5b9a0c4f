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

/** What tells an option row's instrument apart within its venue and underlying (an OptionQuote has it). */
export type InstrumentKey = Pick<InstrumentRow, 'instrument' | 'expiry' | 'strike' | 'type' | 'multiplier'>;

/** One venue and underlying's instruments: expiry → strike → its id, or ids when name, type or multiplier tell several apart. */
export type ScopeNames = Map<number, Map<number, number | number[]>>;

/** One snapshot's numbering: its venue and underlying, their names, and the rows it has added. */
export interface InstrumentScope {
  /** from `namesOf(venue, underlying)` */
  readonly names: ScopeNames;
  readonly venue: string;
  readonly underlying: string;
  /** receives each instrument seen for the first time */
  readonly added: InstrumentRow[];
}

/**
 * Ids of the instruments a store holds, keyed by (venue, underlying, instrument, expiry, strike,
 * type, multiplier): a recorder sees the same few hundred instruments in every snapshot, so each
 * is stored once and an option row carries its id. Ids only grow; `count` and `maxId` tell whether
 * the table has changed under this copy (another process writing the same file). A bulk import
 * may hold millions of instruments, so each one costs an entry in a small map of its expiry
 * (strike → id) and slots of arrays indexed by id, not an object of its own for the garbage
 * collector to trace. A look-up hashes the strike, a number, and compares the name only with the
 * one or two instruments at that strike (call and put), instead of hashing every name, a string
 * new in each snapshot; a chain's options come expiry by expiry, so the expiry's map is looked up
 * once per run of options.
 */
export class InstrumentIds {
  /** venue|underlying → expiry → strike → id(s) */
  private readonly scopes = new Map<string, ScopeNames>();
  private name: string[] = [];
  private multiplier = new Float64Array(1024);
  private put = new Uint8Array(1024);
  /** the expiry map the last look-up used */
  private lastNames: ScopeNames | undefined;
  private lastExpiry = 0;
  private lastStrikes: Map<number, number | number[]> | undefined;
  count = 0;
  maxId = 0;

  constructor(rows: Iterable<InstrumentRow> = []) {
    for (const r of rows) this.insert(this.namesOf(r.venue, r.underlying), r.id, r);
  }

  /** The instruments of one venue and underlying: a snapshot's look-ups go through it. */
  namesOf(venue: string, underlying: string): ScopeNames {
    const scope = `${venue}|${underlying}`;
    let names = this.scopes.get(scope);
    if (names === undefined) {
      names = new Map();
      this.scopes.set(scope, names);
    }
    return names;
  }

  /** The id of the option's instrument; a new one gets the next id and is added to the scope's `added`. */
  idOf(o: InstrumentKey, { names, venue, underlying, added }: InstrumentScope): number {
    const stored = this.strikesAt(names, o.expiry).get(o.strike);
    if (typeof stored === 'number') {
      if (this.same(stored, o)) return stored;
    } else if (stored !== undefined) {
      for (const id of stored) if (this.same(id, o)) return id;
    }
    const id = this.maxId + 1;
    this.insert(names, id, o);
    added.push({
      id,
      venue,
      underlying,
      instrument: o.instrument,
      expiry: o.expiry,
      strike: o.strike,
      type: o.type,
      multiplier: o.multiplier,
    });
    return id;
  }

  /** Whether instrument `id`, of the option's expiry and strike, is the option's (type first: the cheapest). */
  private same(id: number, o: Pick<InstrumentRow, 'instrument' | 'type' | 'multiplier'>): boolean {
    return (
      this.put[id] === (o.type === 'P' ? 1 : 0) &&
      this.multiplier[id] === o.multiplier &&
      this.name[id] === o.instrument
    );
  }

  /** The strikes of one expiry of a scope (created empty). */
  private strikesAt(names: ScopeNames, expiry: number): Map<number, number | number[]> {
    if (this.lastNames === names && this.lastExpiry === expiry && this.lastStrikes !== undefined)
      return this.lastStrikes;
    let strikes = names.get(expiry);
    if (strikes === undefined) {
      strikes = new Map();
      names.set(expiry, strikes);
    }
    this.lastNames = names;
    this.lastExpiry = expiry;
    this.lastStrikes = strikes;
    return strikes;
  }

  /** Room for attributes up to `id` (ids are dense from 1, but a store may start anywhere). */
  private reserve(id: number): void {
    if (id < this.put.length) return;
    let size = this.put.length;
    while (size <= id) size *= 2;
    const grown = <T extends Float64Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(size);
      b.set(a);
      return b;
    };
    this.multiplier = grown(this.multiplier, (n) => new Float64Array(n));
    this.put = grown(this.put, (n) => new Uint8Array(n));
  }

  private insert(names: ScopeNames, id: number, r: InstrumentKey): void {
    this.reserve(id);
    // a copy of its own: a name sliced from a chain's text or packed names would keep all of it alive
    this.name[id] = ownCopy(r.instrument);
    this.multiplier[id] = r.multiplier;
    this.put[id] = r.type === 'P' ? 1 : 0;
    this.count++;
    if (id > this.maxId) this.maxId = id;
    const strikes = this.strikesAt(names, r.expiry);
    const same = strikes.get(r.strike);
    if (same === undefined) strikes.set(r.strike, id);
    else if (Array.isArray(same)) same.push(id);
    else strikes.set(r.strike, [same, id]);
  }
}

/** The same characters in a string of their own, not a slice that keeps its parent string alive. */
function ownCopy(text: string): string {
  return ` ${text}`.slice(1);
}
