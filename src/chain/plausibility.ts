import {
  checkAgainstSpot,
  type ForwardBand,
  ivDropReason,
  MAX_PLAUSIBLE_CONTRACTS,
  SPOT_FORWARD_BAND,
  VOLATILITY_INDEX_FORWARD_BAND,
} from './admit.js';
import type { SizedIvDrops } from './dropLog.js';
import { checkInstant } from './instant.js';
import { ChainInputError, type ChainSnapshot, type DroppedRow } from './types.js';

/**
 * A chain whose median IV is below this (decimal, 2 %) was divided by 100 once too often: no
 * listed chain trades that low as a whole (SPX's quietest medians sit near 15 %, coins near 40 %).
 */
const MIN_MEDIAN_IV = 0.02;

/**
 * A chain whose median IV is above this (decimal, 500 %) is in percent where a decimal is due: the
 * calmest chain in percent reads 8 or more, the wildest in decimals stays near 2.
 */
const MAX_MEDIAN_IV = 5;

/**
 * A chain where more than this share of the IVs read (and at least MIN_PERCENT_ROWS of them) sit
 * above 1,000 % has part of its rows in percent: none of the 18 real SPX downloads nor the Deribit
 * chain has a single one, so dropping them one by one would map the rest without a word.
 */
const MAX_ABSURD_IV_SHARE = 0.05;
const MIN_PERCENT_ROWS = 3;

/** Volatility indices (VIX, VIX9D, VIX3M, VVIX, VXN, RVX …) whose options price off futures, not spot. */
const VOLATILITY_INDEX = /^[\^_$]?(VIX\w*|VVIX|VX[A-Z]{1,4}|RVX)$/i;

/** The forward band an underlying's options fit: volatility indices' futures sit far from spot. */
export function forwardBandFor(underlying: string): ForwardBand {
  return VOLATILITY_INDEX.test(underlying) ? VOLATILITY_INDEX_FORWARD_BAND : SPOT_FORWARD_BAND;
}

/** What checkPlausibleChain reads of a snapshot's plain drops: the IVs dropped for their size (finite and positive ones), and the absurd ones. */
function sizedIvDrops(dropped: ChainSnapshot['dropped']): SizedIvDrops {
  const ivs = new Float64Array(dropped.length);
  let n = 0;
  for (const d of dropped) {
    if (d.reason === 'implausible-implied-vol' || d.reason === 'absurd-implied-vol') {
      const v = Number(d.value);
      if (Number.isFinite(v) && v > 0) ivs[n++] = v;
    }
  }
  const absurd = dropped.filter((d) => d.reason === 'absurd-implied-vol');
  return { ivs: ivs.subarray(0, n), absurd: absurd.length, firstAbsurd: () => absurd[0] };
}

/** Every IV the source read: admitted options and the rows dropped for their IV's size. */
function ivsRead(snapshot: ChainSnapshot, dropped: SizedIvDrops): Float64Array {
  // one typed array, sized for all, filled and cut to the IVs kept: no array per step
  const droppedIvs = dropped.ivs;
  const ivs = new Float64Array(snapshot.options.length + droppedIvs.length);
  const n = putPositiveIvs(snapshot.options, ivs);
  ivs.set(droppedIvs, n);
  return ivs.subarray(0, n + droppedIvs.length);
}

/**
 * Writes the options' finite positive IVs to the front of `into`, answering how many. A loop of
 * its own with nothing after it: a loop compiled while it runs, followed by code not yet run, was
 * thrown out on every chain's first pass over that code, and ran the rest of the loop unoptimised.
 */
function putPositiveIvs(options: ChainSnapshot['options'], into: Float64Array): number {
  let n = 0;
  for (let i = 0; i < options.length; i++) {
    const v = (options[i] as ChainSnapshot['options'][number]).iv;
    if (Number.isFinite(v) && v > 0) into[n++] = v;
  }
  return n;
}

/**
 * The k-th smallest of `values` (0-based), found by selection (Hoare's partition, median-of-three
 * pivot) in place: the array is reordered, not sorted, so a median costs a few passes instead of a sort.
 */
function kthSmallest(values: Float64Array, k: number): number {
  let lo = 0;
  let hi = values.length - 1;
  while (lo < hi) {
    const a = values[lo] as number;
    const b = values[(lo + hi) >> 1] as number;
    const c = values[hi] as number;
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((values[i] as number) < pivot) i++;
      while ((values[j] as number) > pivot) j--;
      if (i <= j) {
        const t = values[i] as number;
        values[i] = values[j] as number;
        values[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return values[k] as number;
  }
  return values[k] as number;
}

/** The median of finite values (reordered in place): the middle one, or the mean of the two middle ones. */
function median(values: Float64Array): number {
  const mid = values.length >> 1;
  const upper = kthSmallest(values, mid);
  if (values.length % 2 === 1) return upper;
  // after the selection every value below `mid` is ≤ the upper middle one: the lower middle is their largest
  let lower = values[0] as number;
  for (let i = 1; i < mid; i++) if ((values[i] as number) > lower) lower = values[i] as number;
  return (lower + upper) / 2;
}

/** Refuses a chain whose IVs above 1,000 % are too many to be broken quotes: a unit mix-up in part of its rows. */
function checkIvsInOneUnit(dropped: SizedIvDrops, chain: string, read: number): void {
  const { absurd } = dropped;
  if (absurd < MIN_PERCENT_ROWS || absurd <= read * MAX_ABSURD_IV_SHARE) return;
  const first = dropped.firstAbsurd() as DroppedRow;
  throw new ChainInputError(
    `${chain}: implied vols look written in percent where a decimal is due in part of the chain (unit mix-up): ${absurd} of ${read} IVs are above 1,000 %, the first on ${first.where} (${first.value})`,
    first.where,
    'iv',
  );
}

/**
 * What a chain says about itself, checked once where a source has built it: spot a positive price,
 * asOf an instant within 1990–2100, the IVs in decimals (median within 2 % … 500 %: outside it the
 * whole chain is in the wrong unit, however each row looks; more than 5 % of them above 1,000 %: part
 * of it is), every strike within spot/1,000 …
 * spot×1,000 and every forward within the underlying's band (forwardBandFor). Returns the snapshot;
 * a refusal is a ChainInputError naming the instrument (or the chain) and the field.
 */
export function checkPlausibleChain(snapshot: ChainSnapshot): ChainSnapshot {
  return checkPlausibleChainWith(snapshot, sizedIvDrops(snapshot.dropped));
}

/**
 * checkPlausibleChain with the IVs of the snapshot's drops given by its reader (a DropLog's
 * sizedIvs), so that drops kept compact are not worded for the check.
 */
export function checkPlausibleChainWith(snapshot: ChainSnapshot, dropped: SizedIvDrops): ChainSnapshot {
  const chain = `${snapshot.venue} ${snapshot.underlying}`;
  if (!(Number.isFinite(snapshot.spot) && snapshot.spot > 0)) {
    throw new ChainInputError(`${chain}: spot (${snapshot.spot}) must be a positive price`, chain, 'spot');
  }
  checkInstant(chain, 'asOf', snapshot.asOf);
  const ivs = ivsRead(snapshot, dropped);
  if (ivs.length > 0) {
    const m = median(ivs);
    const pct = `${+(m * 100).toPrecision(3)} %`;
    if (m < MIN_MEDIAN_IV) {
      throw new ChainInputError(
        `${chain}: implied vols look divided by 100 once too often (unit mix-up): the median IV of ${ivs.length} options is ${pct}, below ${MIN_MEDIAN_IV * 100} %`,
        chain,
        'iv',
      );
    }
    if (m > MAX_MEDIAN_IV) {
      throw new ChainInputError(
        `${chain}: implied vols look written in percent where a decimal is due (unit mix-up): the median IV of ${ivs.length} options is ${pct}, above ${MAX_MEDIAN_IV * 100} %`,
        chain,
        'iv',
      );
    }
  }
  checkIvsInOneUnit(dropped, chain, ivs.length);
  checkOptionsAgainstSpot(snapshot.options, snapshot.spot, forwardBandFor(snapshot.underlying));
  return snapshot;
}

/** checkAgainstSpot on every option, in a loop of its own (see putPositiveIvs): no unoptimised pass per chain. */
function checkOptionsAgainstSpot(options: ChainSnapshot['options'], spot: number, band: ForwardBand): void {
  for (let i = 0; i < options.length; i++) {
    const o = options[i] as ChainSnapshot['options'][number];
    checkAgainstSpot(o, o.instrument, spot, band);
  }
}

/**
 * Why a streamed update (`after`, written from `before` by a venue push) cannot be served, or
 * undefined when it can. A push is screened by the rules a REST snapshot is read with: each option
 * it changed keeps an IV within 1 % … 1,000 % (ivDropReason), open interest below 1e9 contracts
 * and a strike and forward that fit spot; a new spot must fit every option; asOf stays within
 * 1990–2100. Options a push left alone are the same objects, so only changed ones are checked.
 */
export function implausibleUpdate(before: ChainSnapshot, after: ChainSnapshot): string | undefined {
  const chain = `${after.venue} ${after.underlying}`;
  if (!(Number.isFinite(after.spot) && after.spot > 0))
    return `${chain}: spot (${after.spot}) must be a positive price`;
  const band = forwardBandFor(after.underlying);
  const spotMoved = after.spot !== before.spot;
  try {
    checkInstant(chain, 'asOf', after.asOf);
    after.options.forEach((o, i) => {
      if (o === before.options[i] && !spotMoved) return;
      const reason = ivDropReason(o.iv);
      if (reason !== undefined)
        throw new ChainInputError(`${o.instrument}: iv (${o.iv}) is ${reason}`, o.instrument, 'iv');
      if (!(o.openInterest >= 0 && o.openInterest < MAX_PLAUSIBLE_CONTRACTS)) {
        throw new ChainInputError(
          `${o.instrument}: open interest (${o.openInterest}) must be a non-negative number below 1e9 contracts`,
          o.instrument,
          'open interest',
        );
      }
      checkAgainstSpot(o, o.instrument, after.spot, band);
    });
  } catch (e) {
    if (e instanceof ChainInputError) return e.message;
    throw e;
  }
  return undefined;
}
