import { EARLIEST_INSTANT, LATEST_INSTANT } from '../core/units/instant.js';
import { checkInstant } from './instant.js';
import { ChainInputError, type DroppedRow, type DropReason, type OptionQuote } from './types.js';

/**
 * Vols above this (decimal) are treated as broken quotes, not as information. Real quotes reach
 * several hundred percent (1-day deep OTM SPX puts at 830 %); a vol in percent where a decimal was
 * expected (20 for 20 %) lands far above.
 */
export const MAX_PLAUSIBLE_IV = 10;

/**
 * Vols below this (decimal, 1 %) are placeholders, not quotes: no listed index or coin option
 * trades under 1 % a year (CBOE files write 0.001 on options without a market), and a vol divided
 * by 100 once too often (0.005 for 50 %) lands here.
 */
export const MIN_PLAUSIBLE_IV = 0.01;

/** Open interest, positions and multipliers from this size up are not contracts anyone holds: a broken field. */
export const MAX_PLAUSIBLE_CONTRACTS = 1e9;

/** checkInstant's bounds, read once here: admitNumbers tests them on every row before wording a place. */
const EARLIEST = EARLIEST_INSTANT;
const LATEST = LATEST_INSTANT;

/** Strikes beyond spot/1,000 … spot×1,000 belong to another underlying or another unit. */
const STRIKE_SPOT_RATIO = 1000;

/** Where an option's forward may sit, as multiples of spot. */
export interface ForwardBand {
  readonly low: number;
  readonly high: number;
}

/** ±50 % of spot: equity indices and coins (carry and basis stay far inside it). */
export const SPOT_FORWARD_BAND: ForwardBand = { low: 0.5, high: 1.5 };

/** Volatility indices price off their futures, far from spot VIX: under half of it in March 2020, near twice it in 2017. */
export const VOLATILITY_INDEX_FORWARD_BAND: ForwardBand = { low: 0.25, high: 4 };

export interface AdmitOptions {
  readonly asOf: number;
  /** upper bound for a plausible implied vol (decimal); default MAX_PLAUSIBLE_IV (1,000 %) */
  readonly maxIv?: number;
  /** spot, when the source knows it before its rows: strikes and forwards are then checked against it */
  readonly spot?: number;
  /** the forward band around `spot`; default SPOT_FORWARD_BAND */
  readonly forwardBand?: ForwardBand;
}

/**
 * Raises a ChainInputError when the option's strike or forward does not fit `spot`: strike outside
 * spot/1,000 … spot×1,000, forward outside `band`. Such a row is in another unit or of another
 * underlying, and priced as it stands it would move the map without a trace.
 */
export function checkAgainstSpot(
  quote: Pick<OptionQuote, 'strike' | 'forward'>,
  where: string,
  spot: number,
  band: ForwardBand,
): void {
  if (quote.strike < spot / STRIKE_SPOT_RATIO || quote.strike > spot * STRIKE_SPOT_RATIO) {
    throw new ChainInputError(
      `${where}: strike (${quote.strike}) is outside spot/${STRIKE_SPOT_RATIO} … spot×${STRIKE_SPOT_RATIO} (spot ${spot})`,
      where,
      'strike',
    );
  }
  if (quote.forward < spot * band.low || quote.forward > spot * band.high) {
    throw new ChainInputError(
      `${where}: forward (${quote.forward}) is outside ${band.low}× … ${band.high}× spot (${spot})`,
      where,
      'forward',
    );
  }
}

/**
 * Decides whether one parsed quote enters the snapshot. Rows that are well-formed but carry no
 * usable position (zero OI, no vol, expired) are dropped and recorded in `dropped`; values that
 * cannot be right (negative OI, non-positive strike or forward, OI, volume or multiplier of 1e9 or more, an
 * expiry outside 1990–2100) raise a ChainInputError naming the row and field, because they mean
 * the file is not what we think it is.
 */
export function admitQuote(
  quote: OptionQuote,
  where: string,
  options: AdmitOptions,
  dropped: DroppedRow[],
): OptionQuote | undefined {
  const at = { where };
  checkInstrumentName(quote.instrument, at);
  return admitNumbers(quote, at, options, dropped) ? quote : undefined;
}

/** admitQuote's name rule, for readers that judge the numbers with admitNumbers (`at.where` read only to refuse). */
export function checkInstrumentName(name: string, at: RowPlace): void {
  // a blank name cannot be told apart from another blank one, nor matched by a positions book or a tape
  if (name.trim() === '')
    throw new ChainInputError(`${at.where}: instrument (${JSON.stringify(name)}) is empty`, at.where, 'instrument');
}

/** The numbers admitQuote judges, without an object per row: a columnar reader fills one and reuses it. */
export interface QuoteNumbers {
  readonly strike: number;
  readonly openInterest: number;
  readonly volume?: number | undefined;
  readonly forward: number;
  readonly multiplier: number;
  readonly expiry: number;
  readonly iv: number;
}

/** Where a row was read; `where` may be a getter, so a reader words it only for the rows it names. */
export interface RowPlace {
  readonly where: string;
}

/** The reasons admitNumbers drops a row for: it is expired, has no open interest, or its IV is unusable. */
export type AdmissionDrop = 'expired' | 'zero-open-interest' | IvDropReason;

/**
 * admitQuote's rules on a quote's numbers (its name checked by the caller, with checkInstrumentName): true when it enters the
 * snapshot, false when it is dropped (recorded in `dropped` under `at.where`), a ChainInputError when
 * a number cannot be right. admitQuote is this with the name check in front, so both say the same.
 */
export function admitNumbers(q: QuoteNumbers, at: RowPlace, options: AdmitOptions, dropped: DroppedRow[]): boolean {
  const reason = admissionDropOf(q, at, options);
  if (reason === undefined) return true;
  dropped.push(admissionDrop(at.where, reason, reason === 'expired' ? q.expiry : q.iv));
  return false;
}

/**
 * admitNumbers's judgement without the record: undefined when the quote enters the snapshot, else why
 * it is dropped; a ChainInputError when a number cannot be right. For a reader that keeps its drops
 * compact and words them with admissionDrop when they are read.
 */
export function admissionDropOf(q: QuoteNumbers, at: RowPlace, options: AdmitOptions): AdmissionDrop | undefined {
  if (!Number.isFinite(q.strike) || q.strike <= 0) refuse(at.where, 'strike', q.strike, 'must be a positive number');
  if (!Number.isFinite(q.openInterest) || q.openInterest < 0)
    refuse(at.where, 'open interest', q.openInterest, 'must be a non-negative number');
  if (q.openInterest >= MAX_PLAUSIBLE_CONTRACTS)
    refuse(at.where, 'open interest', q.openInterest, 'must be below 1e9 contracts');
  // a volume is a position size under --weight volume: the same bound as open interest
  if (q.volume !== undefined && !(q.volume >= 0 && q.volume < MAX_PLAUSIBLE_CONTRACTS))
    refuse(at.where, 'volume', q.volume, 'must be a non-negative number below 1e9 contracts');
  if (!Number.isFinite(q.forward) || q.forward <= 0)
    refuse(at.where, 'forward', q.forward, 'must be a positive number');
  if (!Number.isFinite(q.multiplier) || q.multiplier <= 0)
    refuse(at.where, 'multiplier', q.multiplier, 'must be a positive number');
  if (q.multiplier >= MAX_PLAUSIBLE_CONTRACTS)
    refuse(at.where, 'multiplier', q.multiplier, 'must be below 1e9 units of the underlying per contract');
  if (!(Number.isFinite(q.expiry) && q.expiry >= EARLIEST && q.expiry <= LATEST))
    checkInstant(at.where, 'expiry', q.expiry);
  if (options.spot !== undefined) checkAgainstSpot(q, at.where, options.spot, options.forwardBand ?? SPOT_FORWARD_BAND);

  if (q.expiry <= options.asOf) return 'expired';
  if (q.openInterest === 0) return 'zero-open-interest';
  return ivDropReason(q.iv, options.maxIv ?? MAX_PLAUSIBLE_IV);
}

/**
 * The record of a row dropped for `reason`, as admitNumbers words it: `value` is the expiry instant
 * for `expired`, the IV for an IV reason (unused for zero open interest).
 */
export function admissionDrop(where: string, reason: AdmissionDrop, value: number): DroppedRow {
  if (reason === 'expired') return { where, field: 'expiry', reason, value: new Date(value).toISOString() };
  if (reason === 'zero-open-interest') return { where, field: 'open interest', reason, value: '0' };
  return { where, field: 'iv', reason, value: String(value) };
}

/** The refusal of a row's number (no closure per admitted row: readers call admitQuote per option). */
function refuse(where: string, field: string, value: number, rule: string): never {
  throw new ChainInputError(`${where}: ${field} (${value}) ${rule}`, where, field);
}

/** The reasons an IV keeps its option out of the map. */
export type IvDropReason = Extract<DropReason, 'no-implied-vol' | 'implausible-implied-vol' | 'absurd-implied-vol'>;

/** Why an IV keeps its option out of the map (none, no IV, below 1 %, above `maxIv`), for every reader of IVs. */
export function ivDropReason(iv: number, maxIv = MAX_PLAUSIBLE_IV): IvDropReason | undefined {
  if (!Number.isFinite(iv) || iv <= 0) return 'no-implied-vol';
  if (iv < MIN_PLAUSIBLE_IV) return 'implausible-implied-vol';
  if (iv > maxIv) return 'absurd-implied-vol';
  return undefined;
}

/** Fails on a repeated instrument name: two rows for one option mean a broken or concatenated file. */
export function assertUniqueInstruments(options: readonly OptionQuote[], source: string): void {
  const seen = new Set<string>();
  for (const o of options) {
    if (seen.has(o.instrument)) {
      throw new ChainInputError(`${source}: duplicate instrument ${o.instrument}`, o.instrument, 'instrument');
    }
    seen.add(o.instrument);
  }
}

/** Counts of dropped rows by reason, for reports. */
export function countDropped(dropped: readonly DroppedRow[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const d of dropped) counts[d.reason] = (counts[d.reason] ?? 0) + 1;
  return counts;
}
