import type { OptionType } from '../../chain/types.js';

/** An OCC option symbol as CBOE prints it: root, yymmdd expiry, C/P, strike × 1000 in 8 digits. */
export interface OccSymbol {
  readonly root: string;
  readonly year: number;
  /** 1 to 12 */
  readonly month: number;
  readonly day: number;
  readonly type: OptionType;
  /** strike × 1000, as the symbol's last 8 digits say it */
  readonly strikeThousandths: number;
}

const OCC = /^([A-Z][A-Z0-9.]{0,5})(\d{2})(\d{2})(\d{2})([CP])(\d{8})$/;

/** Parses `SPXW221212C01000000`; undefined when the text is not an OCC symbol. */
export function parseOccSymbol(symbol: string): OccSymbol | undefined {
  const m = OCC.exec(symbol);
  if (m === null) return undefined;
  const [, root = '', yy = '', mm = '', dd = '', type, strike = ''] = m;
  return {
    root,
    year: 2000 + Number(yy),
    month: Number(mm),
    day: Number(dd),
    type: type === 'C' ? 'C' : 'P',
    strikeThousandths: Number(strike),
  };
}

/**
 * Roots of an index's weekly / PM-settled series and the index they are on. Only these are mapped:
 * stripping a trailing W blindly would turn single-stock roots such as SNOW or W into nonsense.
 */
const SERIES_ROOTS: Readonly<Record<string, string>> = {
  SPXW: 'SPX',
  SPXPM: 'SPX',
  RUTW: 'RUT',
  NDXP: 'NDX',
  VIXW: 'VIX',
};

/** The underlying an option root is on: SPXW → SPX, SPX → SPX, AAPL → AAPL. */
export function underlyingOfRoot(root: string): string {
  return SERIES_ROOTS[root] ?? root;
}
