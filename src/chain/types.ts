/** The normalised chain snapshot every source produces (plain objects; see columnar.ts for the inner form). */

export type OptionType = 'C' | 'P';

/** How options are priced: Black-76 on each expiry's forward, or BSM on spot with rate and yield. */
export type PricingModel =
  | { readonly kind: 'black76'; readonly rate: number }
  | { readonly kind: 'bsm'; readonly rate: number; readonly yield: number };

export interface OptionQuote {
  /** venue's instrument name, unique within a snapshot */
  readonly instrument: string;
  /** expiry instant, epoch ms (UTC) */
  readonly expiry: number;
  readonly strike: number;
  readonly type: OptionType;
  /** open interest in contracts */
  readonly openInterest: number;
  /** annualised implied vol, decimal (1.0 = 100 %) */
  readonly iv: number;
  /** forward of the option's expiry at the snapshot's spot (Black-76); for BSM, S·e^{(r−q)t} */
  readonly forward: number;
  /** underlying units per contract */
  readonly multiplier: number;
  /** venue mark premium in USD per contract unit, when the source has one */
  readonly markPrice?: number;
  /** contracts traded over the source's volume window (CBOE: the session; Deribit: 24 h), when it gives one */
  readonly volume?: number;
  /** venue the option trades on, set when a snapshot spans several venues (see chain/aggregate.ts) */
  readonly venue?: string;
}

/** Why a row did not make it into the snapshot. */
/** Why a row was left out of a chain: each drop is counted and reported under one of these. */
export const DROP_REASONS = [
  'zero-open-interest',
  'no-implied-vol',
  'absurd-implied-vol',
  'implausible-implied-vol',
  'expired',
  'missing-quote',
  'inactive-instrument',
  'missing-forward',
] as const;

export type DropReason = (typeof DROP_REASONS)[number];

export interface DroppedRow {
  /** where it came from: "line 17 (put)" or an instrument name */
  readonly where: string;
  readonly field: string;
  readonly reason: DropReason;
  readonly value?: string;
}

export interface ChainSnapshot {
  readonly venue: string;
  readonly underlying: string;
  /** snapshot instant, epoch ms (UTC): the analytics' only clock */
  readonly asOf: number;
  /** spot (index) price of the underlying, USD */
  readonly spot: number;
  readonly model: PricingModel;
  readonly options: readonly OptionQuote[];
  readonly dropped: readonly DroppedRow[];
  /** file or URL it was read from */
  readonly source: string;
  /**
   * How the source read what the numbers rest on (the asOf of its date line, the expiry rule of each
   * root, where the forwards come from), in words; the report states them beside its own conventions.
   */
  readonly sourceConventions?: Readonly<Record<string, string>>;
}

/** Raised for input that cannot be read at all: names the line or instrument and the field. */
export class ChainInputError extends Error {
  constructor(
    message: string,
    readonly where: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ChainInputError';
  }
}

export const MS_PER_YEAR = 365 * 86_400_000;

/** DESIGN convention: t = (expiry − asOf) ms / (365 × 86,400,000). */
export function yearsBetween(asOf: number, expiry: number): number {
  return (expiry - asOf) / MS_PER_YEAR;
}
