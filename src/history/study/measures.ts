import type { PriceBar } from '../../sources/prices/types.js';

const SQRT_252 = Math.sqrt(252);
const LN2 = Math.LN2;

/** The vol measures of a session, decimals annualised with √252. */
export const MEASURES = ['closeToClose', 'parkinson', 'garmanKlass', 'fiveMinute'] as const;
export type Measure = (typeof MEASURES)[number];

export const MEASURE_RULES: Readonly<Record<Measure, string>> = {
  closeToClose:
    '|ln(C / C_prev)| × √252, C_prev the close of the session before (none after a gap or for the first bar)',
  parkinson: 'ln(H / L) / √(4 ln 2) × √252',
  garmanKlass: 'sqrt(0.5 · ln(H / L)² − (2 ln 2 − 1) · ln(C / O)²) × √252',
  fiveMinute: 'intraday bars only: sqrt(Σ r²) × √252 of the session’s 5-minute log returns',
};

export const closeToClose = (close: number, previousClose: number) =>
  Math.abs(Math.log(close / previousClose)) * SQRT_252;

export const parkinson = (bar: PriceBar) => (Math.log(bar.high / bar.low) / Math.sqrt(4 * LN2)) * SQRT_252;

export function garmanKlass(bar: PriceBar): number {
  const hl = Math.log(bar.high / bar.low);
  const co = Math.log(bar.close / bar.open);
  // O and C lie inside [L, H], so |ln(C/O)| ≤ ln(H/L) and the radicand is never negative
  return Math.sqrt(0.5 * hl * hl - (2 * LN2 - 1) * co * co) * SQRT_252;
}
