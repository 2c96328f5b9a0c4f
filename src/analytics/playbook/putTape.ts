import type { PutTape } from './types.js';

/** The fields of one tape trade the summary needs (Deribit's public trades carry them all). */
export interface TakerTrade {
  readonly instrument: string;
  /** ms since epoch */
  readonly timestamp: number;
  /** the taker's (customer's) side */
  readonly direction: 'buy' | 'sell';
  /** underlying units (Deribit option amounts are in the base coin) */
  readonly amount: number;
}

export interface PutTapeWindow {
  /** ms since epoch, inclusive */
  readonly windowStart: number;
  /** ms since epoch, inclusive */
  readonly windowEnd: number;
  /** which instruments are puts (e.g. Deribit names ending in "-P") */
  readonly isPut: (instrument: string) => boolean;
  /** USD per underlying unit used for the notional (e.g. the snapshot's spot) */
  readonly price: number;
}

/**
 * Customer put buying and selling over a window of the trade tape, as the sell-off rule reads it:
 * notional = Σ amount × price over taker buys (resp. sells) of puts with timestamp in the window.
 * One price for every trade: the buy share, which the rule compares, does not depend on it.
 */
export function summarizePutTrades(trades: Iterable<TakerTrade>, w: PutTapeWindow): PutTape {
  let buy = 0;
  let sell = 0;
  for (const t of trades) {
    if (t.timestamp < w.windowStart || t.timestamp > w.windowEnd || !w.isPut(t.instrument)) continue;
    if (t.direction === 'buy') buy += t.amount;
    else sell += t.amount;
  }
  return {
    putBuyNotional: buy * w.price,
    putSellNotional: sell * w.price,
    windowStart: new Date(w.windowStart).toISOString(),
    windowEnd: new Date(w.windowEnd).toISOString(),
  };
}
