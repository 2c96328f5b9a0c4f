import { type AdmitOptions, admitQuote } from '../../chain/admit.js';
import { checkPlausibleChain } from '../../chain/plausibility.js';
import { ChainInputError, type ChainSnapshot, type DroppedRow, type OptionQuote } from '../../chain/types.js';
import { escapeText } from '../../core/escape.js';
import { resultArray } from './fields.js';
import type { DeribitAnswer, DeribitBookSummary, DeribitInstrument } from './payloads.js';
import {
  INSTRUMENTS_METHOD,
  type OptionInstrument,
  type OptionSummary,
  readInstrument,
  readSummary,
  SUMMARIES_METHOD,
} from './rows.js';

export interface DeribitChainInput {
  /** public/get_instruments?kind=option: the result array or the whole JSON-RPC answer */
  readonly instruments: DeribitAnswer<DeribitInstrument>;
  /** public/get_book_summary_by_currency?kind=option: the result array or the whole JSON-RPC answer */
  readonly summaries: DeribitAnswer<DeribitBookSummary>;
  /** file, URL or channel the payloads came from, carried into the snapshot */
  readonly source: string;
  /** upper bound for a plausible IV (decimal), passed to admitQuote */
  readonly maxIv?: number;
  /** index price to use as spot instead of the summaries' estimated_delivery_price */
  readonly indexPrice?: number;
}

function byName<T extends { readonly name: string }>(
  rows: readonly unknown[],
  read: (row: unknown, i: number) => T,
  method: string,
) {
  const out = new Map<string, T>();
  rows.forEach((row, i) => {
    const item = read(row, i);
    if (out.has(item.name)) {
      throw new ChainInputError(
        `${escapeText(item.name, 80)}: duplicate instrument in ${method}`,
        item.name,
        'instrument_name',
      );
    }
    out.set(item.name, item);
  });
  if (out.size === 0) throw new ChainInputError(`${method}: no options in the answer`, method, 'result');
  return out;
}

/** The one base currency of the chain: mixed currencies mean the wrong request or a merged file. */
function underlyingOf(instruments: ReadonlyMap<string, OptionInstrument>): string {
  let underlying: string | undefined;
  for (const inst of instruments.values()) {
    underlying ??= inst.baseCurrency;
    if (inst.baseCurrency !== underlying) {
      throw new ChainInputError(
        `${inst.name}: base_currency (${inst.baseCurrency}) differs from the chain's ${underlying} (${INSTRUMENTS_METHOD})`,
        inst.name,
        'base_currency',
      );
    }
  }
  return underlying as string;
}

/** The summary with the latest creation_timestamp (the first such row when several share it). */
function latestSummary(summaries: ReadonlyMap<string, OptionSummary>): OptionSummary {
  let latest: OptionSummary | undefined;
  for (const s of summaries.values()) if (latest === undefined || s.createdAt > latest.createdAt) latest = s;
  return latest as OptionSummary;
}

/**
 * Turns Deribit's option instruments and book summaries into a snapshot: Black-76 on each row's
 * `underlying_price` (the expiry's forward), iv = mark_iv / 100, multiplier = contract_size,
 * open interest in contracts = open_interest (base coin) / contract_size,
 * asOf = the latest summary creation_timestamp, spot = estimated_delivery_price of that summary
 * (or `indexPrice`). Transport-free: the same parser serves files on disk and a live client.
 *
 * Errors (ChainInputError naming the instrument and the field): a missing or wrongly typed field,
 * a name that disagrees with its row, a duplicate, a summary for an instrument not listed.
 * Dropped: inactive instruments, instruments without a summary, then admitQuote's rules.
 */
export function parseDeribitChain(input: DeribitChainInput): ChainSnapshot {
  const instruments = byName(resultArray(input.instruments, INSTRUMENTS_METHOD), readInstrument, INSTRUMENTS_METHOD);
  const summaries = byName(resultArray(input.summaries, SUMMARIES_METHOD), readSummary, SUMMARIES_METHOD);
  for (const name of summaries.keys()) {
    if (!instruments.has(name)) {
      throw new ChainInputError(
        `${escapeText(name, 80)}: in ${SUMMARIES_METHOD} but not in ${INSTRUMENTS_METHOD}`,
        name,
        'instrument_name',
      );
    }
  }
  const underlying = underlyingOf(instruments);
  const latest = latestSummary(summaries);
  const asOf = latest.createdAt;
  let spot = latest.deliveryPrice;
  if (input.indexPrice !== undefined) {
    if (!(Number.isFinite(input.indexPrice) && input.indexPrice > 0)) {
      throw new RangeError(`indexPrice (${input.indexPrice}) must be a positive number`);
    }
    spot = input.indexPrice;
  } else if (!(spot > 0)) {
    throw new ChainInputError(
      `${latest.name}: estimated_delivery_price (${spot}) must be a positive price (${SUMMARIES_METHOD})`,
      latest.name,
      'estimated_delivery_price',
    );
  }

  const admit: AdmitOptions = input.maxIv === undefined ? { asOf, spot } : { asOf, spot, maxIv: input.maxIv };
  const options: OptionQuote[] = [];
  const dropped: DroppedRow[] = [];
  for (const inst of instruments.values()) {
    if (!inst.isActive) {
      dropped.push({ where: inst.name, field: 'is_active', reason: 'inactive-instrument', value: 'false' });
      continue;
    }
    const s = summaries.get(inst.name);
    if (s === undefined) {
      dropped.push({ where: inst.name, field: SUMMARIES_METHOD, reason: 'missing-quote' });
      continue;
    }
    // Inverse (coin-settled) options are marked in coin per contract; linear (USDC) ones in USD.
    const coinSettled = inst.settlementCurrency === inst.baseCurrency;
    const quote: OptionQuote = {
      instrument: inst.name,
      expiry: inst.expiry,
      strike: inst.strike,
      type: inst.type,
      // Deribit counts option amounts, open interest included, in the base coin; contracts = coins / contract_size
      // (1 for BTC and ETH; e.g. 10 for SOL_USDC, 1,000 for XRP_USDC).
      openInterest: s.openInterest / inst.contractSize,
      iv: s.markIv / 100,
      forward: s.forward,
      multiplier: inst.contractSize,
      markPrice: coinSettled ? s.markPrice * s.forward : s.markPrice,
      ...(s.volume !== undefined && s.volume >= 0 ? { volume: s.volume / inst.contractSize } : {}),
    };
    const admitted = admitQuote(quote, inst.name, admit, dropped);
    if (admitted !== undefined) options.push(admitted);
  }

  return checkPlausibleChain({
    venue: 'deribit',
    underlying,
    asOf,
    spot,
    model: { kind: 'black76', rate: 0 },
    options,
    dropped,
    source: input.source,
  });
}
