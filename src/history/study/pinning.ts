import type { ChainSnapshot, OptionQuote } from '../../chain/types.js';
import { localDate } from '../../sources/prices/session.js';
import type { StudySession } from './sessions.js';

export const PINNING_RULE =
  'for each snapshot, the expiries of its stored chain dated (in the prices’ zone) on the next session’s date make it an expiry day; other days take the first expiry date after it. Over the stored options of those expiries together: the strike of largest call + put open interest (ties: nearest to spot) and max pain (the listed strike minimising the intrinsic value paid to holders, OI × multiplier, as in the GEX report); distance = |next session close − strike| / spot in %, spot the snapshot’s. Open interest is as of the snapshot (for CBOE files, the previous close)';

export interface PinDistance {
  readonly asOf: number;
  readonly nextSession: string;
  readonly expiryDay: boolean;
  /** date of the expiries used */
  readonly expiryDate: string;
  readonly largestOiStrike: number;
  readonly maxPain: number;
  /** |close − strike| / spot in % */
  readonly toLargestOiPct: number;
  readonly toMaxPainPct: number;
}

/** Strike of largest call + put OI (ties: nearest to spot) and max pain over the options. */
export function pinLevels(
  options: readonly OptionQuote[],
  spot: number,
): { largestOi: number; maxPain: number } | null {
  const oi = new Map<number, number>();
  for (const o of options) oi.set(o.strike, (oi.get(o.strike) ?? 0) + o.openInterest);
  const strikes = [...oi.keys()].sort((a, b) => a - b);
  if (strikes.length === 0) return null;
  let largestOi = strikes[0] as number;
  for (const k of strikes) {
    const better = (oi.get(k) as number) - (oi.get(largestOi) as number);
    if (better > 0 || (better === 0 && Math.abs(k - spot) < Math.abs(largestOi - spot))) largestOi = k;
  }
  let maxPain = Number.NaN;
  let least = Number.POSITIVE_INFINITY;
  for (const p of strikes) {
    let payout = 0;
    for (const o of options) {
      const intrinsic = o.type === 'C' ? p - o.strike : o.strike - p;
      if (intrinsic > 0) payout += intrinsic * o.openInterest * o.multiplier;
    }
    if (payout < least) {
      least = payout;
      maxPain = p;
    }
  }
  return { largestOi, maxPain };
}

/**
 * The part of a stored chain pinning reads for a session: the options of the first expiry date (in
 * the prices' zone) on or after the session's date, and that date; undefined when no expiry is left.
 * The study keeps only these of each chain, so that a long history does not hold every chain whole.
 */
export function pinOptions(
  session: Pick<StudySession, 'nextSession'>,
  chain: Pick<ChainSnapshot, 'options'>,
  zone: string,
): { expiryDate: string; options: OptionQuote[] } | undefined {
  const dateOf = new Map<number, string>();
  for (const o of chain.options) if (!dateOf.has(o.expiry)) dateOf.set(o.expiry, localDate(o.expiry, zone));
  const dates = [...new Set(dateOf.values())].filter((d) => d >= session.nextSession).sort();
  const expiryDate = dates[0];
  if (expiryDate === undefined) return undefined;
  return { expiryDate, options: chain.options.filter((o) => dateOf.get(o.expiry) === expiryDate) };
}

/** The pin distances of each session whose chain is given (see PINNING_RULE); the others are counted. */
export function pinDistances(
  sessions: readonly StudySession[],
  chains: ReadonlyMap<number, Pick<ChainSnapshot, 'options'>>,
  zone: string,
): { distances: PinDistance[]; noChain: number; noExpiry: number } {
  const distances: PinDistance[] = [];
  let noChain = 0;
  let noExpiry = 0;
  for (const s of sessions) {
    const chain = chains.get(s.asOf);
    if (chain === undefined) {
      noChain++;
      continue;
    }
    const pin = pinOptions(s, chain, zone);
    const levels = pin === undefined ? null : pinLevels(pin.options, s.spot);
    if (pin === undefined || levels === null) {
      noExpiry++;
      continue;
    }
    distances.push({
      asOf: s.asOf,
      nextSession: s.nextSession,
      expiryDay: pin.expiryDate === s.nextSession,
      expiryDate: pin.expiryDate,
      largestOiStrike: levels.largestOi,
      maxPain: levels.maxPain,
      toLargestOiPct: (Math.abs(s.close - levels.largestOi) / s.spot) * 100,
      toMaxPainPct: (Math.abs(s.close - levels.maxPain) / s.spot) * 100,
    });
  }
  return { distances, noChain, noExpiry };
}
