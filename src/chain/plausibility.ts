import { checkAgainstSpot, type ForwardBand, SPOT_FORWARD_BAND, VOLATILITY_INDEX_FORWARD_BAND } from './admit.js';
import { checkInstant } from './instant.js';
import { ChainInputError, type ChainSnapshot } from './types.js';

/**
 * A chain whose median IV is below this (decimal, 2 %) was divided by 100 once too often: no
 * listed chain trades that low as a whole (SPX's quietest medians sit near 15 %, coins near 40 %).
 */
export const MIN_MEDIAN_IV = 0.02;

/**
 * A chain whose median IV is above this (decimal, 500 %) is in percent where a decimal is due: the
 * calmest chain in percent reads 8 or more, the wildest in decimals stays near 2.
 */
export const MAX_MEDIAN_IV = 5;

/** Volatility indices (VIX, VIX9D, VIX3M, VVIX, VXN, RVX …) whose options price off futures, not spot. */
const VOLATILITY_INDEX = /^[\^_$]?(VIX\w*|VVIX|VX[A-Z]{1,4}|RVX)$/i;

/** The forward band an underlying's options fit: volatility indices' futures sit far from spot. */
export function forwardBandFor(underlying: string): ForwardBand {
  return VOLATILITY_INDEX.test(underlying) ? VOLATILITY_INDEX_FORWARD_BAND : SPOT_FORWARD_BAND;
}

/** Every IV the source read: admitted options and the rows dropped for their IV's size. */
function ivsRead(snapshot: ChainSnapshot): number[] {
  const ivs = snapshot.options.map((o) => o.iv);
  for (const d of snapshot.dropped) {
    if (d.reason === 'implausible-implied-vol' || d.reason === 'absurd-implied-vol') ivs.push(Number(d.value));
  }
  return ivs.filter((v) => Number.isFinite(v) && v > 0);
}

function median(values: number[]): number {
  const sorted = values.sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * What a chain says about itself, checked once where a source has built it: spot a positive price,
 * asOf an instant within 1990–2100, the IVs in decimals (median within 2 % … 500 %: outside it the
 * whole chain is in the wrong unit, however each row looks), every strike within spot/1,000 …
 * spot×1,000 and every forward within the underlying's band (forwardBandFor). Returns the snapshot;
 * a refusal is a ChainInputError naming the instrument (or the chain) and the field.
 */
export function checkPlausibleChain(snapshot: ChainSnapshot): ChainSnapshot {
  const chain = `${snapshot.venue} ${snapshot.underlying}`;
  if (!(Number.isFinite(snapshot.spot) && snapshot.spot > 0)) {
    throw new ChainInputError(`${chain}: spot (${snapshot.spot}) must be a positive price`, chain, 'spot');
  }
  checkInstant(chain, 'asOf', snapshot.asOf);
  const ivs = ivsRead(snapshot);
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
  const band = forwardBandFor(snapshot.underlying);
  for (const o of snapshot.options) checkAgainstSpot(o, o.instrument, snapshot.spot, band);
  return snapshot;
}
