import { ChainInputError } from '../../../chain/types.js';
import { isPrintable, quote } from '../../../core/escape.js';
import { isRecord } from '../../venue/json.js';
import { payloadRow } from '../fields.js';
import type { DeribitPublicTrade } from './payloads.js';

/** One trade of the tape, as the flow model needs it. */
export interface TapeTrade {
  readonly tradeId: string;
  readonly instrument: string;
  /** ms since epoch */
  readonly timestamp: number;
  /** the taker's (customer's) side */
  readonly direction: 'buy' | 'sell';
  /** base-coin amount (options), > 0 */
  readonly amount: number;
  readonly price: number;
  /** block trades are part of the tape too */
  readonly blockTradeId?: string;
}

/** Reads one public trade; a ChainInputError names the trade and the field. */
export function parseTrade(row: unknown, index: number, method = 'trades'): TapeTrade {
  const f = payloadRow<DeribitPublicTrade>(row, index, method);
  const tradeId = f.string('trade_id');
  const side = f.string('direction');
  const direction =
    side === 'buy' || side === 'sell' ? side : f.fail('direction', `(${quote(side)}) is not "buy" or "sell"`);
  const amount = f.number('amount');
  if (!(amount > 0)) f.fail('amount', `(${amount}) must be positive`);
  const block = isRecord(row) ? row.block_trade_id : undefined;
  if (block !== undefined && block !== null && typeof block !== 'string') {
    f.fail('block_trade_id', `(${quote(block)}) is not a string`);
  }
  const instrument = f.string('instrument_name');
  // names reach tables and messages as they are
  if (!isPrintable(instrument)) f.fail('instrument_name', `(${quote(instrument)}) holds control characters`);
  return {
    tradeId,
    instrument,
    timestamp: f.instant('timestamp'),
    direction,
    amount,
    price: f.number('price'),
    ...(typeof block === 'string' && block !== '' ? { blockTradeId: block } : {}),
  };
}

export function parseTrades(data: unknown, method = 'trades'): TapeTrade[] {
  if (!Array.isArray(data)) throw new ChainInputError(`${method}: trades are not an array`, method, 'trades');
  return data.map((row, i) => parseTrade(row, i, method));
}

/** The `result` of public/get_last_trades_by_currency_and_time. */
export function parseTradesPage(
  result: unknown,
  method = 'public/get_last_trades_by_currency_and_time',
): { readonly trades: TapeTrade[]; readonly hasMore: boolean } {
  if (!isRecord(result)) throw new ChainInputError(`${method}: result is not an object`, method, 'result');
  const hasMore = result.has_more;
  if (typeof hasMore !== 'boolean') {
    throw new ChainInputError(`${method}: has_more (${quote(hasMore)}) is not true or false`, method, 'has_more');
  }
  return { trades: parseTrades(result.trades, method), hasMore };
}
