import { checkPlausibleChain } from '../../chain/plausibility.js';
import { ChainInputError, type ChainSnapshot, yearsBetween } from '../../chain/types.js';
import { assembleOptions } from '../venue/assemble.js';
import { keyedRows, type PayloadFields, venueRow } from '../venue/fields.js';
import { isRecord } from '../venue/json.js';
import type { BinanceIndex, BinanceMark, BinanceOpenInterest, BinanceOptionSymbol } from './payloads.js';

export const BINANCE_EXCHANGE_INFO = '/eapi/v1/exchangeInfo';
export const BINANCE_MARK = '/eapi/v1/mark';
export const BINANCE_OPEN_INTEREST = '/eapi/v1/openInterest';
export const BINANCE_INDEX = '/eapi/v1/index';

export interface BinanceChainInput {
  /** the exchangeInfo answer */
  readonly exchangeInfo: unknown;
  /** the mark answer (an array) */
  readonly marks: unknown;
  /** openInterest rows, every expiry's answer flattened or as a list of answers */
  readonly openInterest: unknown;
  /** the index answer {time, indexPrice} */
  readonly index: unknown;
  /** the underlying, e.g. BTCUSDT */
  readonly underlying: string;
  readonly source: string;
  readonly maxIv?: number;
}

const NAME = /^([A-Z0-9]+)-(\d{6})-(\d+(?:\.\d+)?)-([CP])$/;

interface Symbol {
  readonly name: string;
  readonly underlying: string;
  readonly strike: number;
  readonly type: 'C' | 'P';
  readonly expiry: number;
  readonly unit: number;
  readonly trading: boolean;
}

function readSymbol(row: unknown, i: number): Symbol {
  const f: PayloadFields<BinanceOptionSymbol> = venueRow<BinanceOptionSymbol>(row, i, BINANCE_EXCHANGE_INFO, 'symbol');
  const name = f.string('symbol');
  const side = f.string('side');
  if (side !== 'CALL' && side !== 'PUT') f.fail('side', `(${JSON.stringify(side)}) is not "CALL" or "PUT"`);
  const strike = f.decimal('strikePrice');
  const underlying = f.string('underlying');
  const unit = f.decimal('unit');
  const expiry = f.decimalInstant('expiryDate');
  const status = f.has('status') ? f.string('status') : 'TRADING';
  const m = NAME.exec(name);
  if (m === null) f.fail('symbol', 'is not an option symbol like BTC-251128-90000-C');
  if (!underlying.startsWith(m[1] as string))
    f.fail('underlying', `(${underlying}) disagrees with the symbol (${m[1]})`);
  if (Number(m[3]) !== strike) f.fail('strikePrice', `(${strike}) disagrees with the symbol (${m[3]})`);
  if ((side === 'CALL' ? 'C' : 'P') !== m[4]) f.fail('side', `(${side}) disagrees with the symbol (${m[4]})`);
  return { name, underlying, strike, type: side === 'CALL' ? 'C' : 'P', expiry, unit, trading: status === 'TRADING' };
}

interface Mark {
  readonly name: string;
  readonly markIv: number;
  readonly rate: number;
}

function readMark(row: unknown, i: number): Mark {
  const f: PayloadFields<BinanceMark> = venueRow<BinanceMark>(row, i, BINANCE_MARK, 'symbol');
  return { name: f.string('symbol'), markIv: f.optionalDecimal('markIV'), rate: f.decimal('riskFreeInterest') };
}

/**
 * The rate each option's mark prices with, from the REST mark rows' `riskFreeInterest`: the one
 * source of the rate (see applyBinancePush for why the stream's `rf` is not used).
 */
export function readBinanceRates(marks: unknown): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of keyedRows(rows(marks, BINANCE_MARK), readMark, BINANCE_MARK, 'symbol').values())
    out.set(m.name, m.rate);
  return out;
}

function readOi(row: unknown, i: number): { name: string; oi: number } {
  const f: PayloadFields<BinanceOpenInterest> = venueRow<BinanceOpenInterest>(row, i, BINANCE_OPEN_INTEREST, 'symbol');
  return { name: f.string('symbol'), oi: f.decimal('sumOpenInterest') };
}

function rows(answer: unknown, endpoint: string): readonly unknown[] {
  if (Array.isArray(answer)) return answer.flatMap((a) => (Array.isArray(a) ? a : [a]));
  if (isRecord(answer) && typeof answer.code === 'number') {
    throw new ChainInputError(
      `${endpoint}: Binance answered with error ${answer.code}: ${JSON.stringify(answer.msg)}`,
      endpoint,
      'code',
    );
  }
  throw new ChainInputError(`${endpoint}: expected an array`, endpoint, 'answer');
}

/**
 * Turns Binance's option symbols, marks, open interest and index into a snapshot. Binance gives no
 * forward: it prices on the index with its `riskFreeInterest` r, so forward = index·e^{r·t}; the
 * snapshot is Black-76 with discount 1 like the other crypto venues. iv = markIV (decimal);
 * multiplier = `unit`; open interest = `sumOpenInterest` (contracts); asOf and spot = the index
 * answer's `time` and `indexPrice`. Options of other underlyings in exchangeInfo are skipped.
 */
export function parseBinanceChain(input: BinanceChainInput): ChainSnapshot {
  if (!isRecord(input.exchangeInfo) || !Array.isArray(input.exchangeInfo.optionSymbols)) {
    throw new ChainInputError(
      `${BINANCE_EXCHANGE_INFO}: no optionSymbols array`,
      BINANCE_EXCHANGE_INFO,
      'optionSymbols',
    );
  }
  const all = keyedRows(input.exchangeInfo.optionSymbols, readSymbol, BINANCE_EXCHANGE_INFO, 'symbol');
  const symbols = new Map([...all].filter(([, s]) => s.underlying === input.underlying));
  if (symbols.size === 0) {
    throw new ChainInputError(
      `${BINANCE_EXCHANGE_INFO}: no options on ${input.underlying}`,
      BINANCE_EXCHANGE_INFO,
      'underlying',
    );
  }
  const marks = keyedRows(rows(input.marks, BINANCE_MARK), readMark, BINANCE_MARK, 'symbol');
  const ois = keyedRows(rows(input.openInterest, BINANCE_OPEN_INTEREST), readOi, BINANCE_OPEN_INTEREST, 'symbol');
  for (const name of ois.keys()) {
    if (!symbols.has(name))
      throw new ChainInputError(
        `${name}: in ${BINANCE_OPEN_INTEREST} but not in ${BINANCE_EXCHANGE_INFO}`,
        name,
        'symbol',
      );
  }
  if (!isRecord(input.index))
    throw new ChainInputError(`${BINANCE_INDEX}: expected {time, indexPrice}`, BINANCE_INDEX, 'answer');
  const idx: PayloadFields<BinanceIndex> = venueRow<BinanceIndex>(input.index, 0, BINANCE_INDEX, 'underlying');
  const spot = idx.decimal('indexPrice');
  const asOf = idx.decimalInstant('time');
  if (!(spot > 0)) idx.fail('indexPrice', `(${spot}) must be a positive price`);

  const { options, dropped } = assembleOptions(symbols.values(), marks, {
    asOf,
    maxIv: input.maxIv,
    statusField: 'status',
    quoteSource: BINANCE_MARK,
    quote: (s, m) => ({
      openInterest: ois.get(s.name)?.oi ?? 0,
      iv: m.markIv,
      forward: spot * Math.exp(m.rate * Math.max(0, yearsBetween(asOf, s.expiry))),
      multiplier: s.unit,
    }),
  });
  const base = input.underlying.replace(/(USDT|USDC|USD)$/, '');
  return checkPlausibleChain({
    venue: 'binance',
    underlying: base,
    asOf,
    spot,
    model: { kind: 'black76', rate: 0 },
    options,
    dropped,
    source: input.source,
  });
}
