import { ChainInputError, type DroppedRow, type OptionQuote } from './types.js';

/**
 * Vols above this (decimal) are treated as broken quotes, not as information. Real quotes reach
 * several hundred percent (1-day deep OTM SPX puts at 830 %); a vol in percent where a decimal was
 * expected (20 for 20 %) lands far above.
 */
export const MAX_PLAUSIBLE_IV = 10;

export interface AdmitOptions {
  readonly asOf: number;
  /** upper bound for a plausible implied vol (decimal); default MAX_PLAUSIBLE_IV (1,000 %) */
  readonly maxIv?: number;
}

/**
 * Decides whether one parsed quote enters the snapshot. Rows that are well-formed but carry no
 * usable position (zero OI, no vol, expired) are dropped and recorded in `dropped`; values that
 * cannot be right (negative OI, non-positive strike or forward) raise a ChainInputError naming
 * the row and field, because they mean the file is not what we think it is.
 */
export function admitQuote(
  quote: OptionQuote,
  where: string,
  options: AdmitOptions,
  dropped: DroppedRow[],
): OptionQuote | undefined {
  const fail = (field: string, value: number, rule: string): never => {
    throw new ChainInputError(`${where}: ${field} (${value}) ${rule}`, where, field);
  };
  if (!Number.isFinite(quote.strike) || quote.strike <= 0) fail('strike', quote.strike, 'must be a positive number');
  if (!Number.isFinite(quote.openInterest) || quote.openInterest < 0)
    fail('open interest', quote.openInterest, 'must be a non-negative number');
  if (!Number.isFinite(quote.forward) || quote.forward <= 0)
    fail('forward', quote.forward, 'must be a positive number');
  if (!Number.isFinite(quote.multiplier) || quote.multiplier <= 0)
    fail('multiplier', quote.multiplier, 'must be a positive number');
  if (!Number.isFinite(quote.expiry)) fail('expiry', quote.expiry, 'must be a timestamp');

  const drop = (field: string, reason: DroppedRow['reason'], value: number | string) => {
    dropped.push({ where, field, reason, value: String(value) });
    return undefined;
  };
  if (quote.expiry <= options.asOf) return drop('expiry', 'expired', new Date(quote.expiry).toISOString());
  if (quote.openInterest === 0) return drop('open interest', 'zero-open-interest', 0);
  if (!Number.isFinite(quote.iv) || quote.iv <= 0) return drop('iv', 'no-implied-vol', quote.iv);
  if (quote.iv > (options.maxIv ?? MAX_PLAUSIBLE_IV)) return drop('iv', 'absurd-implied-vol', quote.iv);
  return quote;
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
