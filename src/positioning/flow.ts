import type { Positioning } from './models.js';

/** Net customer (taker) flow of one instrument over a trade tape. */
export interface TakerFlow {
  /** taker buys − taker sells, in units of the underlying (Deribit option amounts) */
  readonly net: number;
  readonly trades: number;
  readonly blockTrades: number;
  /** ms since epoch */
  readonly firstTrade: number;
  readonly lastTrade: number;
}

/** What the flow model needs of each option of the chain. */
export interface FlowOption {
  readonly instrument: string;
  /** open interest, contracts */
  readonly openInterest: number;
  /** underlying units per contract: tape amounts are in the underlying, so contracts = amount / multiplier */
  readonly multiplier: number;
}

/** How much of the chain's open interest the tape explains. */
export interface FlowCoverage {
  /** Σ open interest over the chain, contracts */
  readonly openInterest: number;
  /** Σ |dealer position| over the chain, contracts: the open interest the tape accounts for */
  readonly explained: number;
  /** explained / open interest, weighted by contract size (0 … 1); 0 when there is no open interest */
  readonly share: number;
  /** options in the chain */
  readonly options: number;
  /** options with at least one trade on the tape */
  readonly traded: number;
  /** options whose net customer flow exceeded their open interest and was bounded by it */
  readonly capped: number;
  /** trades of the chain's options on the tape, block trades included */
  readonly trades: number;
  readonly blockTrades: number;
  /** earliest and latest trade of the chain's options, ms (null without trades) */
  readonly firstTrade: number | null;
  readonly lastTrade: number | null;
  /** trades of instruments not in the chain (expired, dropped, or of another chain) */
  readonly tradesOutsideChain: number;
}

export interface FlowPositions {
  /** dealer contracts per traded option, + long / − short */
  readonly positions: Readonly<Record<string, number>>;
  readonly coverage: FlowCoverage;
}

export const FLOW_RULE =
  "dealer position per option = −(taker buys − taker sells) over the recorded tape (each trade's aggressor taken as the customer, block trades included), in contracts, bounded by the option's open interest; options without trades hold 0";

/**
 * The `flow` positioning model: dealers took the other side of every customer (taker) trade, so
 * their position in an option is minus the net taker buying recorded on the tape, bounded by the
 * open interest (a dealer cannot hold more than is open). The tape rarely reaches back to an
 * option's listing, so the coverage says how much of the open interest the tape explains.
 */
export function flowPositions(options: readonly FlowOption[], flows: ReadonlyMap<string, TakerFlow>): FlowPositions {
  const positions: Record<string, number> = {};
  let oi = 0;
  let explained = 0;
  let oiUnits = 0;
  let explainedUnits = 0;
  let traded = 0;
  let capped = 0;
  let trades = 0;
  let blockTrades = 0;
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  const inChain = new Set<string>();
  for (const o of options) {
    inChain.add(o.instrument);
    oi += o.openInterest;
    oiUnits += o.openInterest * o.multiplier;
    const f = flows.get(o.instrument);
    if (f === undefined) continue;
    traded++;
    trades += f.trades;
    blockTrades += f.blockTrades;
    if (f.firstTrade < first) first = f.firstTrade;
    if (f.lastTrade > last) last = f.lastTrade;
    const customer = f.net / o.multiplier;
    const bounded = Math.max(-o.openInterest, Math.min(o.openInterest, customer));
    if (bounded !== customer) capped++;
    const q = bounded === 0 ? 0 : -bounded;
    positions[o.instrument] = q;
    explained += Math.abs(q);
    explainedUnits += Math.abs(q) * o.multiplier;
  }
  let outside = 0;
  for (const [name, f] of flows) if (!inChain.has(name)) outside += f.trades;
  return {
    positions,
    coverage: {
      openInterest: oi,
      explained,
      share: oiUnits > 0 ? explainedUnits / oiUnits : 0,
      options: options.length,
      traded,
      capped,
      trades,
      blockTrades,
      firstTrade: Number.isFinite(first) ? first : null,
      lastTrade: Number.isFinite(last) ? last : null,
      tradesOutsideChain: outside,
    },
  };
}

/** The positioning to hand to buildGexReport or dealerPositions. */
export function flowPositioning(flow: FlowPositions): Positioning {
  return { model: 'flow', positions: flow.positions };
}
