import { basename } from 'node:path';
import { admitQuote, assertUniqueInstruments } from '../../chain/admit.js';
import { checkPlausibleChain } from '../../chain/plausibility.js';
import { ChainInputError, type ChainSnapshot, type DroppedRow, type OptionQuote } from '../../chain/types.js';

/**
 * Tardis `options_chain` CSV (tardis.dev datasets): one row per ticker change of one option, in
 * time order. Columns, in Tardis' documented order:
 *
 *     exchange,symbol,timestamp,local_timestamp,type,strike_price,expiration,open_interest,
 *     last_price,bid_price,bid_amount,bid_iv,ask_price,ask_amount,ask_iv,mark_price,mark_iv,
 *     underlying_index,underlying_price,delta,gamma,vega,theta,rho
 *
 * - timestamp, local_timestamp, expiration: microseconds since the epoch (UTC);
 * - mark_iv, bid_iv, ask_iv: percent, as Deribit publishes them (62.89 = 62.89 %): divided by 100;
 * - underlying_price: the price of `underlying_index`, the future or synthetic future of the
 *   option's expiry, used as the option's forward (Black-76, as for the Deribit REST chain);
 * - mark_price: in coins for the inverse BTC/ETH options (× underlying_price for USD), in USD
 *   for the USDC-settled ones; open_interest: contracts (one coin each for BTC and ETH).
 *
 * The file carries no index price: spot is taken as the underlying_price of the nearest expiry.
 */
export const TARDIS_OPTIONS_CHAIN_HEADER = [
  'exchange',
  'symbol',
  'timestamp',
  'local_timestamp',
  'type',
  'strike_price',
  'expiration',
  'open_interest',
  'last_price',
  'bid_price',
  'bid_amount',
  'bid_iv',
  'ask_price',
  'ask_amount',
  'ask_iv',
  'mark_price',
  'mark_iv',
  'underlying_index',
  'underlying_price',
  'delta',
  'gamma',
  'vega',
  'theta',
  'rho',
] as const;

export const COL = Object.fromEntries(TARDIS_OPTIONS_CHAIN_HEADER.map((c, i) => [c, i])) as Record<
  (typeof TARDIS_OPTIONS_CHAIN_HEADER)[number],
  number
>;

export interface TardisImportOptions {
  /** one snapshot per interval, ms (default 1 hour); the snapshot holds each option's latest row before its end */
  readonly intervalMs?: number;
  /** only these underlyings (BTC, ETH …); default all */
  readonly underlyings?: readonly string[];
  /** upper bound for a plausible IV (decimal); default 5 (500 %), as for Deribit */
  readonly maxIv?: number;
  /** called now and then with bytes read and the file size */
  readonly onProgress?: (bytesRead: number, totalBytes: number) => void;
  /** `lines` forces the line-by-line scanner (default: DuckDB's reader where it can vouch for the file) */
  readonly scanner?: 'auto' | 'lines';
}

interface Latest {
  readonly line: number;
  readonly quote: OptionQuote;
}

/** Underlying of a Deribit option name: BTC-…, ETH-…, SOL_USDC-… → BTC, ETH, SOL_USDC. */
export function underlyingOf(symbol: string): string {
  return symbol.slice(0, symbol.indexOf('-'));
}

/** The option of one row, in the units every reader gives (IV decimal, mark in USD). */
export function tardisQuote(row: {
  symbol: string;
  linear: boolean;
  type: 'C' | 'P';
  expiryMs: number;
  strike: number;
  openInterest: number;
  markIvPercent: number;
  markPrice: number;
  underlyingPrice: number;
}): OptionQuote {
  const forward = row.underlyingPrice;
  const mark = row.markPrice;
  return {
    instrument: row.symbol,
    expiry: row.expiryMs,
    strike: row.strike,
    type: row.type,
    openInterest: row.openInterest,
    iv: row.markIvPercent / 100,
    forward,
    multiplier: 1,
    ...(Number.isFinite(mark) ? { markPrice: row.linear ? mark : mark * forward } : {}),
  };
}

/**
 * The state both scanners feed: per underlying, each option's latest row (in the order the options
 * first appeared, which fixes the order of a snapshot's options and the spot's tie-break), turned
 * into one snapshot per underlying at each interval end. An option whose expiry has passed at an
 * interval end is reported as dropped in that snapshot and then forgotten.
 */
export class TardisIntervals {
  private readonly latest = new Map<string, Map<string, Latest>>(); // underlying → symbol → latest row

  constructor(
    private readonly path: string,
    private readonly maxIv: number,
  ) {}

  set(underlying: string, line: number, quote: OptionQuote): void {
    let rows = this.latest.get(underlying);
    if (rows === undefined) {
      rows = new Map<string, Latest>();
      this.latest.set(underlying, rows);
    }
    rows.set(quote.instrument, { line, quote });
  }

  *snapshots(asOf: number): Generator<ChainSnapshot> {
    for (const [underlying, rows] of [...this.latest].sort(([a], [b]) => a.localeCompare(b))) {
      const dropped: DroppedRow[] = [];
      const admitted: OptionQuote[] = [];
      const live = [...rows.values()].filter((r) => r.quote.expiry > asOf);
      if (live.length === 0) continue;
      const nearest = live.reduce((a, b) => (b.quote.expiry < a.quote.expiry ? b : a));
      for (const r of rows.values()) {
        const q = admitQuote(r.quote, `line ${r.line} (${r.quote.instrument})`, { asOf, maxIv: this.maxIv }, dropped);
        if (q) admitted.push(q);
      }
      for (const r of [...rows.values()]) if (r.quote.expiry <= asOf) rows.delete(r.quote.instrument);
      assertUniqueInstruments(admitted, this.path);
      yield checkPlausibleChain({
        venue: 'deribit',
        underlying,
        asOf,
        spot: nearest.quote.forward,
        model: { kind: 'black76', rate: 0 },
        options: admitted,
        dropped,
        source: `${basename(this.path)} (Tardis options_chain)`,
      });
    }
  }
}

/** Why a file's first line is not the options_chain header, or undefined when it is. */
export function headerProblem(path: string, firstLine: string): ChainInputError | undefined {
  const header = firstLine.replace(/^\uFEFF/, '').trim();
  if (header === TARDIS_OPTIONS_CHAIN_HEADER.join(',')) return undefined;
  return new ChainInputError(
    `${path}: line 1: header is not a Tardis options_chain header (expected ${TARDIS_OPTIONS_CHAIN_HEADER.join(',')})`,
    'line 1',
    'header',
  );
}
