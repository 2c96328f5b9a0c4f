import type { ColumnarChain } from '../chain/columnar.js';

/** Call, put and net GEX (USD per 1 % move) and open interest (contracts) per strike, at spot. */
export interface StrikeRow {
  readonly strike: number;
  readonly callGex: number;
  readonly putGex: number;
  readonly netGex: number;
  readonly callOi: number;
  readonly putOi: number;
}

export interface StrikeColumns {
  readonly strikes: Float64Array;
  readonly callGex: Float64Array;
  readonly putGex: Float64Array;
  readonly callOi: Float64Array;
  readonly putOi: Float64Array;
}

/** Scatter-adds per-option GEX into the chain's distinct strikes (expiries summed). */
export function gexByStrike(chain: ColumnarChain, perOption: Float64Array): StrikeColumns {
  const k = chain.strikes.length;
  const callGex = new Float64Array(k);
  const putGex = new Float64Array(k);
  const callOi = new Float64Array(k);
  const putOi = new Float64Array(k);
  for (let i = 0; i < chain.n; i++) {
    const s = chain.strikeIndex[i]!;
    if (chain.phi[i] === 1) {
      callGex[s]! += perOption[i]!;
      callOi[s]! += chain.openInterest[i]!;
    } else {
      putGex[s]! += perOption[i]!;
      putOi[s]! += chain.openInterest[i]!;
    }
  }
  return { strikes: chain.strikes, callGex, putGex, callOi, putOi };
}

export function strikeRows(cols: StrikeColumns): StrikeRow[] {
  return Array.from(cols.strikes, (strike, s) => ({
    strike,
    callGex: cols.callGex[s]!,
    putGex: cols.putGex[s]!,
    netGex: cols.callGex[s]! + cols.putGex[s]!,
    callOi: cols.callOi[s]!,
    putOi: cols.putOi[s]!,
  }));
}

export interface ExpiryRow {
  /** ISO instant */
  readonly expiry: string;
  readonly daysToExpiry: number;
  readonly callGex: number;
  readonly putGex: number;
  readonly netGex: number;
  readonly callOi: number;
  readonly putOi: number;
  readonly options: number;
}

export function gexByExpiry(chain: ColumnarChain, perOption: Float64Array): ExpiryRow[] {
  const e = chain.expiries.length;
  const callGex = new Float64Array(e);
  const putGex = new Float64Array(e);
  const callOi = new Float64Array(e);
  const putOi = new Float64Array(e);
  const count = new Int32Array(e);
  for (let i = 0; i < chain.n; i++) {
    const x = chain.expiryIndex[i]!;
    count[x]!++;
    if (chain.phi[i] === 1) {
      callGex[x]! += perOption[i]!;
      callOi[x]! += chain.openInterest[i]!;
    } else {
      putGex[x]! += perOption[i]!;
      putOi[x]! += chain.openInterest[i]!;
    }
  }
  return chain.expiries.map((expiry, x) => ({
    expiry: new Date(expiry).toISOString(),
    daysToExpiry: (expiry - chain.asOf) / 86_400_000,
    callGex: callGex[x]!,
    putGex: putGex[x]!,
    netGex: callGex[x]! + putGex[x]!,
    callOi: callOi[x]!,
    putOi: putOi[x]!,
    options: count[x]!,
  }));
}
