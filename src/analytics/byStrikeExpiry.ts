import type { ColumnarChain } from '../chain/columnar.js';

/** Net GEX per expiry and strike: the heatmap grid. */
export interface StrikeExpiryGrid {
  /** the chain's distinct strikes, ascending */
  readonly strikes: number[];
  /** the chain's distinct expiries, ISO instants, ascending */
  readonly expiries: string[];
  /** netGex[expiry][strike], USD per 1 % move; 0 where no option is listed; the cells sum to net GEX */
  readonly netGex: number[][];
}

export const STRIKE_EXPIRY_RULE =
  'byStrikeExpiry.netGex[e][k]: net GEX (USD per 1 % move, call + put) of the options of expiry e at strike k, 0 where none is listed; the cells sum to netGex';

/** Scatter-adds per-option GEX into one flat expiry × strike grid, then splits it into rows. */
export function gexByStrikeExpiry(chain: ColumnarChain, perOption: Float64Array): StrikeExpiryGrid {
  const k = chain.strikes.length;
  const cells = new Float64Array(chain.expiries.length * k);
  for (let i = 0; i < chain.n; i++) cells[chain.expiryIndex[i]! * k + chain.strikeIndex[i]!]! += perOption[i]!;
  return {
    strikes: Array.from(chain.strikes),
    expiries: chain.expiries.map((e) => new Date(e).toISOString()),
    netGex: chain.expiries.map((_, x) => Array.from(cells.subarray(x * k, (x + 1) * k))),
  };
}
