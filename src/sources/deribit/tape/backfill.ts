import type { DeribitHttp } from '../live/http.js';
import { type DeribitMarket, inMarket } from '../live/market.js';
import { parseTradesPage, type TapeTrade } from './parse.js';

export const GET_TRADES_BY_TIME = 'public/get_last_trades_by_currency_and_time';

/** Where a backfill stands: the last timestamp read and the trade ids already taken at it. */
export interface TapeCursor {
  readonly timestamp: number;
  readonly tradeIds: readonly string[];
}

export interface BackfillOptions {
  readonly market: DeribitMarket;
  /** first instant, ms (inclusive) */
  readonly from: number;
  /** last instant, ms (inclusive) */
  readonly to: number;
  /** trades per request (Deribit allows up to 1,000) */
  readonly pageSize?: number;
  /** resume here instead of at `from` (a cursor from onPage or cursorOf) */
  readonly cursor?: TapeCursor;
  /** called after each page with the market's new trades and the cursor to resume from */
  readonly onPage?: (page: {
    readonly trades: readonly TapeTrade[];
    readonly cursor: TapeCursor;
  }) => void | Promise<void>;
}

export interface BackfillResult {
  readonly trades: TapeTrade[];
  readonly cursor: TapeCursor | null;
  readonly pages: number;
}

/** The cursor that resumes after `trades` (e.g. a tape file read back): null when there are none. */
export function cursorOf(trades: readonly TapeTrade[]): TapeCursor | null {
  let last = Number.NEGATIVE_INFINITY;
  for (const t of trades) if (t.timestamp > last) last = t.timestamp;
  if (!Number.isFinite(last)) return null;
  return { timestamp: last, tradeIds: trades.filter((t) => t.timestamp === last).map((t) => t.tradeId) };
}

/**
 * Reads the option trades of `market` between `from` and `to` with
 * public/get_last_trades_by_currency_and_time, oldest first, one page at a time. Each page starts
 * at the last timestamp of the one before (inclusive, so trades sharing that millisecond are not
 * lost) and the trade ids already taken there are skipped. Resumable: pass the last cursor back.
 * A failure (after the HTTP client's own retries) propagates; what onPage received stays valid.
 */
export async function backfillTrades(http: DeribitHttp, opts: BackfillOptions): Promise<BackfillResult> {
  const count = opts.pageSize ?? 1000;
  if (!(Number.isInteger(count) && count >= 1 && count <= 1000)) {
    throw new RangeError(`page size (${count}) must be an integer from 1 to 1000`);
  }
  let cursor: TapeCursor | null = opts.cursor ?? null;
  let start = cursor ? Math.max(cursor.timestamp, opts.from) : opts.from;
  let seen = new Set(cursor && cursor.timestamp === start ? cursor.tradeIds : []);
  const all: TapeTrade[] = [];
  let pages = 0;
  while (start <= opts.to) {
    const result = await http.call(GET_TRADES_BY_TIME, {
      currency: opts.market.restCurrency,
      kind: 'option',
      start_timestamp: start,
      end_timestamp: opts.to,
      count,
      sorting: 'asc',
    });
    const page = parseTradesPage(result, GET_TRADES_BY_TIME);
    pages++;
    const fresh = page.trades.filter((t) => !seen.has(t.tradeId));
    let last = start;
    for (const t of page.trades) if (t.timestamp > last) last = t.timestamp;
    const atLast = page.trades.filter((t) => t.timestamp === last).map((t) => t.tradeId);
    const ids = last === start ? [...new Set([...seen, ...atLast])] : atLast;
    if (page.trades.length > 0) cursor = { timestamp: last, tradeIds: ids };
    const mine = fresh.filter((t) => inMarket(opts.market, t.instrument));
    all.push(...mine);
    if (cursor !== null) await opts.onPage?.({ trades: mine, cursor });
    if (!page.hasMore || page.trades.length === 0) break;
    if (fresh.length === 0) {
      // a whole page inside one millisecond already taken: step past it rather than loop
      start = last + 1;
      seen = new Set();
    } else {
      start = last;
      seen = new Set(ids);
    }
  }
  return { trades: all, cursor, pages };
}
