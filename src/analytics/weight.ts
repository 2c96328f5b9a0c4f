import { MAX_PLAUSIBLE_CONTRACTS } from '../chain/admit.js';
import type { OptionQuote } from '../chain/types.js';
import type { Positioning } from '../positioning/models.js';

/** What sizes a dealer position under the classic and customer-long models: open interest or traded volume. */
export type GexWeight = 'oi' | 'volume';

export const GEX_WEIGHTS: readonly GexWeight[] = ['oi', 'volume'];

export function weightRule(weight: GexWeight): string {
  return weight === 'oi'
    ? 'oi: |q| = open interest (contracts outstanding)'
    : 'volume: |q| = contracts traded over the source’s volume window (CBOE: the session’s Volume column; Deribit: 24 h volume) in place of open interest, the intraday view; signs as the positioning model gives them; every GEX number (net, flips, walls, profile), DEX, hedge flows, vanna and charm follow it; max pain, OI clusters and pins still read open interest; only options admitted with open interest > 0 are in the chain';
}

/**
 * Each option's traded volume, for `--weight volume`: a RangeError when the positioning model does
 * not size by OI, or when an option in view has no volume (a stored snapshot, a live stream, a source
 * without a volume column) or one that is no contract count below 1e9, naming how many and the first.
 */
export function volumeColumn(selected: readonly OptionQuote[], positioning: Positioning): Float64Array {
  if (positioning.model !== 'classic' && positioning.model !== 'customer-long') {
    throw new RangeError(
      `weight volume applies to the classic and customer-long positioning models (not ${positioning.model}, whose positions are its own)`,
    );
  }
  const volume = new Float64Array(selected.length);
  let missing = 0;
  let first: string | undefined;
  selected.forEach((o, i) => {
    if (o.volume === undefined || !(o.volume >= 0 && o.volume < MAX_PLAUSIBLE_CONTRACTS)) {
      missing++;
      first ??= o.instrument;
    } else volume[i] = o.volume;
  });
  if (missing > 0) {
    throw new RangeError(
      `weight volume: ${missing} of ${selected.length} options have no volume (first ${JSON.stringify(first)}); stored snapshots and live streams keep none: use weight oi`,
    );
  }
  return volume;
}
