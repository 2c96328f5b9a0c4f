import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import { createInterface } from 'node:readline';
import { admitQuote, assertUniqueInstruments } from '../../chain/admit.js';
import { checkInstant } from '../../chain/instant.js';
import { checkPlausibleChain } from '../../chain/plausibility.js';
import { ChainInputError, type ChainSnapshot, type DroppedRow, type OptionQuote } from '../../chain/types.js';
import { at } from '../../core/at.js';
import { quote } from '../../core/escape.js';
import { splitCsvLine } from '../csv/splitCsvLine.js';

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

const COL = Object.fromEntries(TARDIS_OPTIONS_CHAIN_HEADER.map((c, i) => [c, i])) as Record<
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
}

interface Latest {
  readonly line: number;
  readonly timestamp: number;
  readonly quote: OptionQuote;
}

/** Underlying of a Deribit option name: BTC-…, ETH-…, SOL_USDC-… → BTC, ETH, SOL_USDC. */
function underlyingOf(symbol: string): string {
  return symbol.slice(0, symbol.indexOf('-'));
}

function numberAt(cells: string[], col: keyof typeof COL, where: string): number {
  const text = cells[COL[col]] ?? '';
  const n = text === '' ? Number.NaN : Number(text);
  if (text !== '' && !Number.isFinite(n))
    throw new ChainInputError(`${where}: ${col} (${quote(text)}) is not a number`, where, col);
  return n;
}

/**
 * Streams a Tardis options_chain CSV (gigabytes are fine: line by line, one latest row per option
 * in memory) and yields one snapshot per underlying and interval, in time order. Rows are admitted
 * like every other reader's: zero OI, no IV, absurd IV and expired options are dropped and counted
 * per snapshot; malformed rows raise a ChainInputError naming the line and field.
 */
export async function* readTardisOptionsChain(
  path: string,
  options: TardisImportOptions = {},
): AsyncGenerator<ChainSnapshot> {
  const intervalMs = options.intervalMs ?? 3_600_000;
  const only = options.underlyings ? new Set(options.underlyings.map((u) => u.toUpperCase())) : undefined;
  const total = statSync(path).size;
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
  const latest = new Map<string, Map<string, Latest>>(); // underlying → symbol → latest row
  let bucketEnd: number | undefined;
  let lineNo = 0;
  let lastProgress = 0;

  const snapshots = function* (asOf: number): Generator<ChainSnapshot> {
    for (const [underlying, rows] of [...latest].sort(([a], [b]) => a.localeCompare(b))) {
      const dropped: DroppedRow[] = [];
      const admitted: OptionQuote[] = [];
      const live = [...rows.values()].filter((r) => r.quote.expiry > asOf);
      if (live.length === 0) continue;
      const nearest = live.reduce((a, b) => (b.quote.expiry < a.quote.expiry ? b : a));
      for (const r of rows.values()) {
        const q = admitQuote(
          r.quote,
          `line ${r.line} (${r.quote.instrument})`,
          { asOf, maxIv: options.maxIv ?? 5 },
          dropped,
        );
        if (q) admitted.push(q);
      }
      for (const r of [...rows.values()]) if (r.quote.expiry <= asOf) rows.delete(r.quote.instrument);
      assertUniqueInstruments(admitted, path);
      yield checkPlausibleChain({
        venue: 'deribit',
        underlying,
        asOf,
        spot: nearest.quote.forward,
        model: { kind: 'black76', rate: 0 },
        options: admitted,
        dropped,
        source: `${basename(path)} (Tardis options_chain)`,
      });
    }
  };

  for await (const line of lines) {
    lineNo++;
    if (lineNo === 1) {
      const header = line.replace(/^\uFEFF/, '').trim();
      if (header !== TARDIS_OPTIONS_CHAIN_HEADER.join(','))
        throw new ChainInputError(
          `${path}: line 1: header is not a Tardis options_chain header (expected ${TARDIS_OPTIONS_CHAIN_HEADER.join(',')})`,
          'line 1',
          'header',
        );
      continue;
    }
    if (line === '') continue;
    const where = `line ${lineNo}`;
    const cells = splitCsvLine(line, where);
    if (cells.length !== TARDIS_OPTIONS_CHAIN_HEADER.length)
      throw new ChainInputError(
        `${where}: ${cells.length} cells, expected ${TARDIS_OPTIONS_CHAIN_HEADER.length} (truncated or not options_chain)`,
        where,
        'row',
      );
    const symbol = at(cells, COL.symbol);
    const underlying = underlyingOf(symbol);
    if (only && !only.has(underlying)) continue;
    const timestamp = Math.floor(numberAt(cells, 'timestamp', where) / 1000);
    if (!Number.isFinite(timestamp)) throw new ChainInputError(`${where}: timestamp is missing`, where, 'timestamp');
    checkInstant(where, 'timestamp', timestamp);
    if (bucketEnd === undefined) bucketEnd = (Math.floor(timestamp / intervalMs) + 1) * intervalMs;
    while (timestamp >= bucketEnd) {
      yield* snapshots(bucketEnd);
      bucketEnd += intervalMs;
    }
    const type = cells[COL.type];
    if (type !== 'call' && type !== 'put')
      throw new ChainInputError(`${where}: type (${quote(type)}) must be call or put`, where, 'type');
    const forward = numberAt(cells, 'underlying_price', where);
    const markIv = numberAt(cells, 'mark_iv', where);
    const mark = numberAt(cells, 'mark_price', where);
    const linear = underlying.includes('_');
    const option: OptionQuote = {
      instrument: symbol,
      expiry: checkInstant(where, 'expiration', Math.floor(numberAt(cells, 'expiration', where) / 1000)),
      strike: numberAt(cells, 'strike_price', where),
      type: type === 'call' ? 'C' : 'P',
      openInterest: numberAt(cells, 'open_interest', where),
      iv: markIv / 100,
      forward,
      multiplier: 1,
      ...(Number.isFinite(mark) ? { markPrice: linear ? mark : mark * forward } : {}),
    };
    const rows = latest.get(underlying) ?? new Map<string, Latest>();
    latest.set(underlying, rows);
    rows.set(symbol, { line: lineNo, timestamp, quote: option });
    if (options.onProgress && lineNo - lastProgress >= 50_000) {
      lastProgress = lineNo;
      options.onProgress(stream.bytesRead, total);
    }
  }
  if (bucketEnd !== undefined) yield* snapshots(bucketEnd);
  options.onProgress?.(total, total);
}
