import { checkInstant } from '../../chain/instant.js';
import { checkPlausibleChain } from '../../chain/plausibility.js';
import { ChainInputError, type ChainSnapshot } from '../../chain/types.js';
import { parseDeribitOptionName } from '../deribit/instrumentName.js';
import { assembleOptions } from '../venue/assemble.js';
import { keyedRows, type PayloadFields, venueRow } from '../venue/fields.js';
import { isRecord } from '../venue/json.js';
import type { BybitInstrument, BybitOptionTicker } from './payloads.js';

export const BYBIT_INSTRUMENTS = '/v5/market/instruments-info';
export const BYBIT_TICKERS = '/v5/market/tickers';

/** Bybit option contracts are one unit of the base coin (order quantities and open interest are in coins). */
export const BYBIT_CONTRACT_SIZE = 1;

export interface BybitChainInput {
  /** instruments-info rows (every page), or whole answers */
  readonly instruments: unknown;
  /** the whole tickers answer: its `time` is the snapshot instant */
  readonly tickers: unknown;
  readonly source: string;
  readonly maxIv?: number;
}

/** `result.list` of a Bybit answer (or of each of several pages), or an array of rows. */
export function bybitList(answer: unknown, endpoint: string): readonly unknown[] {
  if (Array.isArray(answer) && answer.every((a) => isRecord(a) && 'retCode' in a)) {
    return answer.flatMap((page) => bybitList(page, endpoint));
  }
  if (Array.isArray(answer)) return answer;
  if (isRecord(answer)) {
    if (answer.retCode !== undefined && answer.retCode !== 0) {
      throw new ChainInputError(
        `${endpoint}: Bybit answered with error ${JSON.stringify(answer.retCode)}: ${JSON.stringify(answer.retMsg)}`,
        endpoint,
        'retCode',
      );
    }
    if (isRecord(answer.result) && Array.isArray(answer.result.list)) return answer.result.list;
  }
  throw new ChainInputError(`${endpoint}: expected {"retCode": 0, "result": {"list": [...]}}`, endpoint, 'result');
}

interface Instrument {
  readonly name: string;
  readonly base: string;
  readonly strike: number;
  readonly type: 'C' | 'P';
  readonly expiry: number;
  readonly trading: boolean;
}

function readInstrument(row: unknown, i: number): Instrument {
  const f: PayloadFields<BybitInstrument> = venueRow<BybitInstrument>(row, i, BYBIT_INSTRUMENTS, 'symbol');
  const name = f.string('symbol');
  const base = f.string('baseCoin');
  const kind = f.string('optionsType');
  if (kind !== 'Call' && kind !== 'Put') f.fail('optionsType', `(${JSON.stringify(kind)}) is not "Call" or "Put"`);
  const type = kind === 'Call' ? 'C' : 'P';
  const expiry = f.decimalInstant('deliveryTime');
  const status = f.string('status');
  // BTC-28NOV25-90000-C, or with the settle coin appended: BTC-28NOV25-90000-C-USDT
  const parsed = parseDeribitOptionName(name.replace(/-(USDT|USDC)$/, ''));
  if (parsed === undefined) f.fail('symbol', 'is not an option symbol like BTC-28NOV25-90000-C');
  if (parsed.currency !== base) f.fail('baseCoin', `(${base}) disagrees with the symbol (${parsed.currency})`);
  if (parsed.type !== type) f.fail('optionsType', `(${kind}) disagrees with the symbol (${parsed.type})`);
  // The name's date is the delivery day; Bybit delivers at 08:00 UTC like Deribit.
  if (parsed.expiry !== expiry) {
    f.fail(
      'deliveryTime',
      `(${new Date(expiry).toISOString()}) disagrees with the symbol (${new Date(parsed.expiry).toISOString()})`,
    );
  }
  return { name, base, strike: parsed.strike, type, expiry, trading: status === 'Trading' };
}

interface Ticker {
  readonly name: string;
  readonly markIv: number;
  readonly forward: number;
  readonly index: number;
  readonly openInterest: number;
  readonly markPrice: number;
}

function readTicker(row: unknown, i: number): Ticker {
  const f: PayloadFields<BybitOptionTicker> = venueRow<BybitOptionTicker>(row, i, BYBIT_TICKERS, 'symbol');
  return {
    name: f.string('symbol'),
    markIv: f.optionalDecimal('markIv'),
    forward: f.decimal('underlyingPrice'),
    index: f.decimal('indexPrice'),
    openInterest: f.decimal('openInterest'),
    markPrice: f.decimal('markPrice'),
  };
}

/**
 * Turns Bybit's option instruments and tickers into a snapshot: Black-76 on each ticker's
 * `underlyingPrice` (the expiry's forward); iv = markIv (decimal); multiplier 1 (one coin per
 * contract); open interest = openInterest (coins = contracts); asOf = the tickers answer's `time`;
 * spot = `indexPrice` (the same on every row). Transport-free.
 *
 * Errors (ChainInputError naming the symbol and field): as the other venue parsers.
 * Dropped: instruments not `Trading`, instruments without a ticker, then admitQuote's rules.
 */
export function parseBybitChain(input: BybitChainInput): ChainSnapshot {
  const instruments = keyedRows(
    bybitList(input.instruments, BYBIT_INSTRUMENTS),
    readInstrument,
    BYBIT_INSTRUMENTS,
    'symbol',
  );
  const tickers = keyedRows(bybitList(input.tickers, BYBIT_TICKERS), readTicker, BYBIT_TICKERS, 'symbol');
  if (instruments.size === 0)
    throw new ChainInputError(`${BYBIT_INSTRUMENTS}: no options in the answer`, BYBIT_INSTRUMENTS, 'list');
  if (!isRecord(input.tickers) || typeof input.tickers.time !== 'number') {
    throw new ChainInputError(`${BYBIT_TICKERS}: the answer's time (epoch ms) is missing`, BYBIT_TICKERS, 'time');
  }
  const asOf = checkInstant(BYBIT_TICKERS, 'time', input.tickers.time);
  let base: string | undefined;
  for (const inst of instruments.values()) {
    base ??= inst.base;
    if (inst.base !== base)
      throw new ChainInputError(
        `${inst.name}: baseCoin (${inst.base}) differs from the chain's ${base}`,
        inst.name,
        'baseCoin',
      );
  }
  let spot: number | undefined;
  for (const t of tickers.values()) {
    if (!instruments.has(t.name))
      throw new ChainInputError(`${t.name}: in ${BYBIT_TICKERS} but not in ${BYBIT_INSTRUMENTS}`, t.name, 'symbol');
    spot ??= t.index;
  }
  if (!(spot !== undefined && spot > 0))
    throw new ChainInputError(`${BYBIT_TICKERS}: no positive indexPrice`, BYBIT_TICKERS, 'indexPrice');

  const { options, dropped } = assembleOptions(instruments.values(), tickers, {
    asOf,
    maxIv: input.maxIv,
    statusField: 'status',
    quoteSource: BYBIT_TICKERS,
    quote: (_inst, t) => ({
      openInterest: t.openInterest / BYBIT_CONTRACT_SIZE,
      iv: t.markIv,
      forward: t.forward,
      multiplier: BYBIT_CONTRACT_SIZE,
      markPrice: t.markPrice,
    }),
  });
  return checkPlausibleChain({
    venue: 'bybit',
    underlying: base as string,
    asOf,
    spot,
    model: { kind: 'black76', rate: 0 },
    options,
    dropped,
    source: input.source,
  });
}
