import { type AdmitOptions, admissionDropOf } from '../../chain/admit.js';
import { DropLog } from '../../chain/dropLog.js';
import { checkSpotAgainstParity, MidQuotes, withImpliedForwards } from '../../chain/impliedForward.js';
import { checkPlausibleChain, checkPlausibleChainWith, forwardBandFor } from '../../chain/plausibility.js';
import { ChainInputError, type ChainSnapshot, type OptionQuote, yearsBetween } from '../../chain/types.js';
import { type CalendarDate, newYorkTime } from './dates.js';
import { type OccSymbol, occExpiryKey, occStrikeKey, parseOccSymbol, underlyingOfRoot } from './symbol.js';

/** US index and equity options: 100 units of the underlying per contract. */
export const CBOE_MULTIPLIER = 100;

/** PM-settled roots (SPXW, NDXP, RUTW, VIXW, equities, ETFs) expire at 16:00 New York on the expiration date. */
export const CBOE_EXPIRY_HOUR = 16;

/**
 * AM-settled index roots: the standard (monthly) SPX, NDX and RUT options and the VIX monthlies settle
 * on the opening print, so their expiry is 09:30 New York on the expiration date; from the open of
 * that day they are expired.
 */
export const AM_SETTLED_ROOTS: ReadonlySet<string> = new Set(['SPX', 'NDX', 'RUT', 'VIX']);
const AM_EXPIRY = { hour: 9, minute: 30 } as const;

/**
 * Expiry instants by calendar date and settlement, kept across chains: the zone arithmetic costs
 * more than reading a row, every download lists the same few dozen dates, and the calendar bounds
 * the count.
 */
const EXPIRY_INSTANTS = new Map<string, number>();

/** Where the forward of each expiry comes from: spot with rate and yield, or put-call parity on the quotes. */
export type CboeForward = 'spot' | 'implied';

/** How far from spot (fraction) an equity parity forward may sit before it is taken as broken quotes. */
const EQUITY_FORWARD_BAND = 0.5;

/** Underlyings whose options price off futures, not the index: their forward is always implied. */
const FUTURES_PRICED = new Set(['VIX']);

/** The numbers a leg needs, by what they are; each reader names the field as its format spells it. */
export type LegValue = 'openInterest' | 'iv' | 'bid' | 'ask';

/** One leg whose symbol, expiry and strike are already checked. */
export interface CboeLeg {
  /** where it was read (row, or entry), the start of every message about it: may be a getter, read only for a message or a drop */
  readonly where: string;
  /** the same place as a number, when the reader has one (its words given to the builder): kept for the duplicate check instead of the text */
  readonly place?: number;
  /** the field that holds its symbol, named when the symbol is refused */
  readonly symbolField: string;
  readonly instrument: string;
  readonly occ: OccSymbol;
  readonly expiry: number;
  readonly strike: number;
  /** its numbers, throwing a ChainInputError naming the field when one is unreadable */
  readonly read: (value: LegValue) => number;
  /** contracts traded in the session; undefined when the source has no readable, non-negative volume */
  readonly volume: number | undefined;
}

/** A volume as a leg keeps it: a finite number of contracts ≥ 0, else none (only `--weight volume` reads it). */
export function legVolume(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

export function fail(where: string, field: string, message: string): never {
  throw new ChainInputError(message, where, field);
}

export function checkFinite(name: string, value: number): void {
  if (!Number.isFinite(value)) throw new RangeError(`${name} (${value}) must be a finite number`);
}

/** The numbers of the leg being added, one object refilled per leg (what admission reads, and the quote). */
interface LegNumbers {
  strike: number;
  openInterest: number;
  volume: number | undefined;
  forward: number;
  multiplier: number;
  expiry: number;
  iv: number;
  bid: number;
  ask: number;
}

/**
 * A leg's quote, a mid mark when bid and ask are both positive and its volume when it has one: each
 * of the four shapes written as one literal, so the object is built whole (no property added after,
 * no spread of a temporary object per leg). The numbers are read from the leg's refilled object,
 * not passed: fractional arguments would each be boxed for the call, then copied into the quote.
 */
function legQuote(instrument: string, type: OptionQuote['type'], n: LegNumbers): OptionQuote {
  const { expiry, strike, openInterest, iv, forward, bid, ask, volume } = n;
  const multiplier = CBOE_MULTIPLIER;
  if (bid > 0 && ask > 0) {
    const markPrice = (bid + ask) / 2;
    return volume === undefined
      ? { instrument, expiry, strike, type, openInterest, iv, forward, multiplier, markPrice }
      : { instrument, expiry, strike, type, openInterest, iv, forward, multiplier, markPrice, volume };
  }
  return volume === undefined
    ? { instrument, expiry, strike, type, openInterest, iv, forward, multiplier }
    : { instrument, expiry, strike, type, openInterest, iv, forward, multiplier, volume };
}

/**
 * The instruments of one root and expiry seen so far, by occStrikeKey, with where each was first
 * read (text or place). A download lists them by rising strike, call before put, so the keys come
 * rising and a new one is told by a comparison; the first key out of order builds the lookup table
 * that every later key is checked against. Keys and numeric places are kept in typed arrays, off
 * the collected heap: tens of thousands of legs leave no growing arrays of boxed values behind.
 */
class SeenStrikes {
  private keys = new Int32Array(256);
  /** each key's place when it is a number; NaN where it is text, kept in `texts` */
  private places = new Float64Array(256);
  private texts: Map<number, string> | undefined;
  private count = 0;
  private last = -1;
  private table: Map<number, string | number> | undefined;

  /** Where `key` was first read, or undefined when it is new (it is then recorded as read at `place`). */
  firstOrAdd(key: number, place: string | number): string | number | undefined {
    if (this.table === undefined) {
      if (key > this.last) {
        this.last = key;
        this.push(key, place);
        return undefined;
      }
      this.table = new Map();
      for (let i = 0; i < this.count; i++) this.table.set(this.keys[i] as number, this.placeAt(i));
    }
    const first = this.table.get(key);
    if (first === undefined) this.table.set(key, place);
    return first;
  }

  private push(key: number, place: string | number): void {
    const i = this.count++;
    if (i === this.keys.length) {
      const keys = new Int32Array(2 * i);
      const places = new Float64Array(2 * i);
      keys.set(this.keys);
      places.set(this.places);
      this.keys = keys;
      this.places = places;
    }
    this.keys[i] = key;
    if (typeof place === 'number') this.places[i] = place;
    else {
      this.places[i] = Number.NaN;
      this.texts ??= new Map();
      this.texts.set(i, place);
    }
  }

  private placeAt(i: number): string | number {
    const place = this.places[i] as number;
    return Number.isNaN(place) ? (this.texts?.get(i) as string) : place;
  }
}

/** One option root of a chain: its underlying, the instruments seen by expiry, and the expiry of its last leg. */
interface RootSeries {
  readonly root: string;
  readonly underlying: string;
  readonly byExpiry: Map<number, SeenStrikes>;
  expiry: number;
  seen: SeenStrikes;
}

export interface CboeChainHeader {
  readonly spot: number;
  readonly asOf: number;
  readonly rate?: number;
  readonly yield?: number;
  readonly maxIv?: number;
  readonly forward?: CboeForward;
  readonly source: string;
  /** how asOf was read, for the conventions */
  readonly asOfReading?: string;
}

/**
 * One CBOE chain built leg by leg, shared by the CSV and the JSON readers: OCC symbol checks, one
 * underlying per chain, no repeated instrument, expiry by root (AM or PM settlement), forward
 * spot·e^{(r−q)t} or from put-call parity, multiplier 100, a mid mark when bid and ask are both
 * positive, and admitQuote's drops.
 */
export class CboeChainBuilder {
  private readonly rate: number;
  private readonly dividendYield: number;
  private readonly admitOptions: AdmitOptions;
  private readonly options: OptionQuote[] = [];
  /** the legs dropped by admission, worded only when the snapshot's `dropped` is read */
  private readonly drops: DropLog;
  /** per root: its underlying, and by occExpiryKey → occStrikeKey where each instrument was first read, as text or place */
  private readonly roots = new Map<string, RootSeries>();
  /** the root of the last leg: legs come grouped by root and expiry (two roots, SPX and SPXW, may alternate) */
  private root: RootSeries | undefined;
  private readonly byDate = new WeakMap<CalendarDate, { am?: number; pm?: number }>();
  /** root → the expiry rule it got */
  private readonly rootRules = new Map<string, string>();
  /** every leg quoted with a mid, admitted or not: put-call parity reads them all */
  private readonly quoted = new MidQuotes();
  /** the numbers of the leg being admitted, one object refilled per leg */
  private readonly numbers: LegNumbers = {
    strike: 0,
    openInterest: 0,
    volume: undefined,
    forward: 0,
    multiplier: CBOE_MULTIPLIER,
    expiry: 0,
    iv: 0,
    bid: 0,
    ask: 0,
  };
  private underlying: string | undefined;
  /** each expiry's forward, worked out once: SPX and SPXW rows of one date alternate between two expiries */
  private readonly forwards = new Map<number, number>();
  /** the last leg's expiry and its forward (numbers written in place, no object per change): most legs need no lookup */
  private lastExpiry = Number.NaN;
  private lastForward = Number.NaN;

  constructor(
    private readonly header: CboeChainHeader,
    private readonly fieldNames: Readonly<Record<LegValue, string>>,
    /** the words of a leg's `place`, for a reader that gives one */
    private readonly placeWords: (place: number) => string = String,
  ) {
    this.rate = header.rate ?? 0;
    this.dividendYield = header.yield ?? 0;
    checkFinite('rate', this.rate);
    checkFinite('yield', this.dividendYield);
    const { asOf, maxIv } = header;
    this.admitOptions = maxIv === undefined ? { asOf } : { asOf, maxIv };
    this.drops = new DropLog(placeWords);
  }

  /** Parses an option symbol, failing with `field` named when it is not one. */
  symbol(where: string, field: string, text: string): OccSymbol {
    const occ = parseOccSymbol(text);
    if (occ === undefined) {
      fail(
        where,
        field,
        `${where}: ${field} (${JSON.stringify(text)}) is not an option symbol like SPXW221212C01000000`,
      );
    }
    return occ;
  }

  /** The expiry instant of an expiration date for a root: 09:30 New York if AM-settled, else 16:00. */
  expiryOf(date: CalendarDate, root: string): number {
    const am = AM_SETTLED_ROOTS.has(root);
    if (!this.rootRules.has(root)) {
      this.rootRules.set(root, am ? '09:30 New York (AM-settled, opening print)' : '16:00 New York (PM-settled)');
    }
    // a reader that keeps one date object per expiration date finds it here without a key string
    const known = this.byDate.get(date);
    const hit = known === undefined ? undefined : am ? known.am : known.pm;
    if (hit !== undefined) return hit;
    const key = `${date.year}-${date.month}-${date.day}-${am ? 'am' : 'pm'}`;
    let expiry = EXPIRY_INSTANTS.get(key);
    if (expiry === undefined) {
      expiry = am ? newYorkTime(date, AM_EXPIRY.hour, AM_EXPIRY.minute) : newYorkTime(date, CBOE_EXPIRY_HOUR, 0);
      EXPIRY_INSTANTS.set(key, expiry);
    }
    const slot = known ?? {};
    if (am) slot.am = expiry;
    else slot.pm = expiry;
    if (known === undefined) this.byDate.set(date, slot);
    return expiry;
  }

  /** Adds one checked leg: refused if it is on another underlying or repeats an instrument. */
  add(leg: CboeLeg): void {
    const { symbolField, occ, expiry, strike, read, volume } = leg;
    const root = this.rootOf(occ.root);
    const on = root.underlying;
    if (this.underlying === undefined) this.underlying = on;
    if (on !== this.underlying) {
      fail(
        leg.where,
        symbolField,
        `${leg.where}: symbol ${leg.instrument} is an option on ${on}, the rows above are on ${this.underlying}`,
      );
    }
    const first = this.seenIn(root, occ).firstOrAdd(occStrikeKey(occ), leg.place ?? leg.where);
    if (first !== undefined) {
      const firstWords = typeof first === 'number' ? this.placeWords(first) : first;
      fail(leg.where, symbolField, `${leg.where}: duplicate instrument ${leg.instrument} (first on ${firstWords})`);
    }

    const oiField = this.fieldNames.openInterest;
    const openInterest = read('openInterest');
    if (!Number.isInteger(openInterest)) {
      fail(leg.where, oiField, `${leg.where}: ${oiField} (${openInterest}) must be a whole number of contracts`);
    }
    const iv = read('iv');
    const bid = read('bid');
    const ask = read('ask');
    // the forward read from the field it was written to, not returned: no boxed number per leg
    if (expiry !== this.lastExpiry) this.forwardTo(expiry);
    const forward = this.lastForward;
    if (bid > 0 && ask > 0) this.quoted.push(expiry, strike, occ.type === 'C', (bid + ask) / 2);
    // the quote object is built for the admitted legs only: the others leave a drop record, if anything
    const numbers = this.numbers;
    numbers.strike = strike;
    numbers.openInterest = openInterest;
    numbers.volume = volume;
    numbers.forward = forward;
    numbers.expiry = expiry;
    numbers.iv = iv;
    numbers.bid = bid;
    numbers.ask = ask;
    const dropped = admissionDropOf(numbers, leg, this.admitOptions);
    if (dropped === undefined) this.options.push(legQuote(leg.instrument, occ.type, numbers));
    else this.drops.push(leg.place ?? leg.where, dropped, dropped === 'expired' ? expiry : iv);
  }

  /** spot·e^{(r−q)t} to `expiry` as the last expiry's forward, worked out once per expiry. */
  private forwardTo(expiry: number): void {
    let forward = this.forwards.get(expiry);
    if (forward === undefined) {
      const growth = this.rate - this.dividendYield;
      forward = this.header.spot * Math.exp(growth * yearsBetween(this.header.asOf, expiry));
      this.forwards.set(expiry, forward);
    }
    this.lastExpiry = expiry;
    this.lastForward = forward;
  }

  /** The series of `root`, made on its first leg. */
  private rootOf(root: string): RootSeries {
    const last = this.root;
    if (last !== undefined && last.root === root) return last;
    let series = this.roots.get(root);
    if (series === undefined) {
      series = { root, underlying: underlyingOfRoot(root), byExpiry: new Map(), expiry: -1, seen: new SeenStrikes() };
      this.roots.set(root, series);
    }
    this.root = series;
    return series;
  }

  /** The instruments seen so far of `occ`'s root and expiry, by occStrikeKey. */
  private seenIn(series: RootSeries, occ: OccSymbol): SeenStrikes {
    const expiry = occExpiryKey(occ);
    if (series.expiry === expiry) return series.seen;
    let seen = series.byExpiry.get(expiry);
    if (seen === undefined) {
      seen = new SeenStrikes();
      series.byExpiry.set(expiry, seen);
    }
    series.expiry = expiry;
    series.seen = seen;
    return seen;
  }

  private forwardMode(): CboeForward {
    return FUTURES_PRICED.has(this.underlying ?? '') ? 'implied' : (this.header.forward ?? 'spot');
  }

  /** Written as one literal per shape, no spread: a spread here gave the object a new map on later runs, and the snapshot holding it one too. */
  private conventions(forwardWords: string): Record<string, string> {
    const rules = [...this.rootRules].map(([root, rule]) => `${root} ${rule}`).join('; ');
    const settlement = `expiry per option root: ${rules}`;
    const asOfSource = this.header.asOfReading;
    return asOfSource !== undefined
      ? { asOfSource, settlement, forwardSource: forwardWords }
      : { settlement, forwardSource: forwardWords };
  }

  /**
   * The chain so far; at least one leg must have been added. With implied forwards (asked for, or
   * VIX) the model is Black-76 on each expiry's parity forward; otherwise BSM on spot.
   */
  snapshot(): ChainSnapshot {
    if (this.underlying === undefined) throw new Error('a CBOE chain needs at least one option');
    // the forwards below may be built from spot itself: the quotes are the check that spot is right
    checkSpotAgainstParity(this.quoted, {
      asOf: this.header.asOf,
      rate: this.rate,
      spot: this.header.spot,
      band: forwardBandFor(this.underlying),
      where: `cboe ${this.underlying}`,
    });
    if (this.forwardMode() === 'implied') {
      const common = {
        venue: 'cboe',
        underlying: this.underlying,
        asOf: this.header.asOf,
        spot: this.header.spot,
        dropped: this.drops.rows(),
        source: this.header.source,
      };
      // parity reads every leg quoted with a mid, zero open interest included
      const why = FUTURES_PRICED.has(this.underlying)
        ? ` (always for ${this.underlying}: its options price off futures, not the index)`
        : '';
      return checkPlausibleChain(
        withImpliedForwards(
          {
            ...common,
            model: { kind: 'bsm', rate: this.rate, yield: this.dividendYield },
            options: this.options,
            sourceConventions: this.conventions(''),
          },
          // an index forward within ±50 % of spot; VIX futures may sit far from spot VIX
          FUTURES_PRICED.has(this.underlying)
            ? { quotes: this.quoted, why }
            : { quotes: this.quoted, why, maxDistance: EQUITY_FORWARD_BAND },
        ),
      );
    }
    // the keys in the order the readers always gave them, `dropped` worded from the log when read; the
    // same steps on every parse, so every snapshot has the same map
    const snapshot: Partial<Record<keyof ChainSnapshot, unknown>> = {
      venue: 'cboe',
      underlying: this.underlying,
      asOf: this.header.asOf,
      spot: this.header.spot,
    };
    this.drops.defineOn(snapshot);
    snapshot.source = this.header.source;
    snapshot.model = { kind: 'bsm', rate: this.rate, yield: this.dividendYield };
    snapshot.options = this.options;
    snapshot.sourceConventions = this.conventions(
      `spot·e^{(r−q)t} with rate ${this.rate} and yield ${this.dividendYield} (--forward implied reads each expiry's forward from put-call parity)`,
    );
    return checkPlausibleChainWith(snapshot as unknown as ChainSnapshot, this.drops.sizedIvs());
  }
}
