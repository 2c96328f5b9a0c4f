import type { TapeTrade } from './parse.js';

/** Net taker flow of one instrument over the tape. */
export interface InstrumentFlow {
  /** taker buys − taker sells, base-coin amount */
  net: number;
  trades: number;
  blockTrades: number;
  /** ms since epoch */
  firstTrade: number;
  lastTrade: number;
}

/**
 * The recorded trade tape: every trade once (by trade id, whatever mix of backfill pages,
 * stream notifications and repeats brought it), with running per-instrument taker flow.
 */
export class TradeTape {
  private readonly ids = new Set<string>();
  private readonly list: TapeTrade[] = [];
  private readonly flows = new Map<string, InstrumentFlow>();
  private first = Number.POSITIVE_INFINITY;
  private last = Number.NEGATIVE_INFINITY;

  /** Adds the trades not seen before; returns how many were new. */
  add(trades: Iterable<TapeTrade>): number {
    let added = 0;
    for (const t of trades) {
      if (this.ids.has(t.tradeId)) continue;
      this.ids.add(t.tradeId);
      this.list.push(t);
      added++;
      const signed = t.direction === 'buy' ? t.amount : -t.amount;
      const f = this.flows.get(t.instrument);
      if (f === undefined) {
        this.flows.set(t.instrument, {
          net: signed,
          trades: 1,
          blockTrades: t.blockTradeId ? 1 : 0,
          firstTrade: t.timestamp,
          lastTrade: t.timestamp,
        });
      } else {
        f.net += signed;
        f.trades++;
        if (t.blockTradeId) f.blockTrades++;
        if (t.timestamp < f.firstTrade) f.firstTrade = t.timestamp;
        if (t.timestamp > f.lastTrade) f.lastTrade = t.timestamp;
      }
      if (t.timestamp < this.first) this.first = t.timestamp;
      if (t.timestamp > this.last) this.last = t.timestamp;
    }
    return added;
  }

  has(tradeId: string): boolean {
    return this.ids.has(tradeId);
  }

  get size(): number {
    return this.list.length;
  }

  /** earliest trade, ms (null when empty) */
  get firstTimestamp(): number | null {
    return this.list.length ? this.first : null;
  }

  /** latest trade, ms (null when empty) */
  get lastTimestamp(): number | null {
    return this.list.length ? this.last : null;
  }

  /** Taker flow per instrument. */
  flowByInstrument(): ReadonlyMap<string, Readonly<InstrumentFlow>> {
    return this.flows;
  }

  /** Every trade, in time order (ties by trade id). */
  trades(): TapeTrade[] {
    return [...this.list].sort((a, b) => a.timestamp - b.timestamp || (a.tradeId < b.tradeId ? -1 : 1));
  }
}
