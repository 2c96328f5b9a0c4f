import { type AdmitOptions, admitQuote } from '../../chain/admit.js';
import { checkPlausibleChain } from '../../chain/plausibility.js';
import {
  ChainInputError,
  type ChainSnapshot,
  type DroppedRow,
  type OptionQuote,
  yearsBetween,
} from '../../chain/types.js';
import { type CalendarDate, newYorkTime } from './dates.js';
import { type OccSymbol, parseOccSymbol, underlyingOfRoot } from './symbol.js';

/** US index and equity options: 100 units of the underlying per contract. */
export const CBOE_MULTIPLIER = 100;

/** SPXW and AM-settled SPX alike are taken to expire at 16:00 New York time on the expiration date. */
export const CBOE_EXPIRY_HOUR = 16;

/** The numbers a leg needs, by what they are; each reader names the field as its format spells it. */
export type LegValue = 'openInterest' | 'iv' | 'bid' | 'ask';

export function fail(where: string, field: string, message: string): never {
  throw new ChainInputError(message, where, field);
}

export function checkFinite(name: string, value: number): void {
  if (!Number.isFinite(value)) throw new RangeError(`${name} (${value}) must be a finite number`);
}

export interface CboeChainHeader {
  readonly spot: number;
  readonly asOf: number;
  readonly rate?: number;
  readonly yield?: number;
  readonly maxIv?: number;
  readonly source: string;
}

/**
 * One CBOE chain built leg by leg, shared by the CSV and the JSON readers: OCC symbol checks, one
 * underlying per chain, no repeated instrument, expiry at 16:00 New York, forward spot·e^{(r−q)t},
 * multiplier 100, a mid mark when bid and ask are both positive, and admitQuote's drops.
 */
export class CboeChainBuilder {
  private readonly rate: number;
  private readonly dividendYield: number;
  private readonly admitOptions: AdmitOptions;
  private readonly options: OptionQuote[] = [];
  private readonly dropped: DroppedRow[] = [];
  private readonly firstSeen = new Map<string, string>();
  private readonly expiries = new Map<string, number>();
  private underlying: string | undefined;

  constructor(
    private readonly header: CboeChainHeader,
    private readonly fieldNames: Readonly<Record<LegValue, string>>,
  ) {
    this.rate = header.rate ?? 0;
    this.dividendYield = header.yield ?? 0;
    checkFinite('rate', this.rate);
    checkFinite('yield', this.dividendYield);
    const { asOf, maxIv } = header;
    this.admitOptions = maxIv === undefined ? { asOf } : { asOf, maxIv };
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

  /** The expiry instant of an expiration date: 16:00 New York time. */
  expiryOf(date: CalendarDate): number {
    const key = `${date.year}-${date.month}-${date.day}`;
    let expiry = this.expiries.get(key);
    if (expiry === undefined) {
      expiry = newYorkTime(date, CBOE_EXPIRY_HOUR, 0);
      this.expiries.set(key, expiry);
    }
    return expiry;
  }

  /**
   * Adds one leg whose symbol, expiry and strike are already checked; `read` gives its numbers
   * (throwing a ChainInputError naming the field when one is unreadable).
   */
  add(
    where: string,
    symbolField: string,
    instrument: string,
    occ: OccSymbol,
    expiry: number,
    strike: number,
    read: (value: LegValue) => number,
  ): void {
    const on = underlyingOfRoot(occ.root);
    if (this.underlying === undefined) this.underlying = on;
    if (on !== this.underlying) {
      fail(
        where,
        symbolField,
        `${where}: symbol ${instrument} is an option on ${on}, the rows above are on ${this.underlying}`,
      );
    }
    const first = this.firstSeen.get(instrument);
    if (first !== undefined) {
      fail(where, symbolField, `${where}: duplicate instrument ${instrument} (first on ${first})`);
    }
    this.firstSeen.set(instrument, where);

    const oiField = this.fieldNames.openInterest;
    const openInterest = read('openInterest');
    if (!Number.isInteger(openInterest)) {
      fail(where, oiField, `${where}: ${oiField} (${openInterest}) must be a whole number of contracts`);
    }
    const iv = read('iv');
    const bid = read('bid');
    const ask = read('ask');
    const growth = this.rate - this.dividendYield;
    const quote: OptionQuote = {
      instrument,
      expiry,
      strike,
      type: occ.type,
      openInterest,
      iv,
      forward: this.header.spot * Math.exp(growth * yearsBetween(this.header.asOf, expiry)),
      multiplier: CBOE_MULTIPLIER,
      ...(bid > 0 && ask > 0 ? { markPrice: (bid + ask) / 2 } : {}),
    };
    const admitted = admitQuote(quote, where, this.admitOptions, this.dropped);
    if (admitted !== undefined) this.options.push(admitted);
  }

  /** The chain so far; at least one leg must have been added. */
  snapshot(): ChainSnapshot {
    if (this.underlying === undefined) throw new Error('a CBOE chain needs at least one option');
    return checkPlausibleChain({
      venue: 'cboe',
      underlying: this.underlying,
      asOf: this.header.asOf,
      spot: this.header.spot,
      model: { kind: 'bsm', rate: this.rate, yield: this.dividendYield },
      options: this.options,
      dropped: this.dropped,
      source: this.header.source,
    });
  }
}
