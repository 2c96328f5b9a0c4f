/**
 * Which Deribit chain a currency names, and where its data lives. BTC and ETH options are inverse
 * (coin-settled) and listed under their own currency; every other option chain (SOL, XRP, AVAX …,
 * and the linear BTC_USDC / ETH_USDC ones) is USDC-settled and listed under the USDC umbrella,
 * mixed with the other linear chains, so its rows are picked out by the instrument-name prefix.
 */
export interface DeribitMarket {
  /** what the user asked for, normalised: `BTC`, `ETH`, `SOL_USDC`, `BTC_USDC` */
  readonly name: string;
  /** the base coin: `BTC`, `SOL` */
  readonly base: string;
  /** `currency` parameter of get_instruments, get_book_summary_by_currency and the trade tape */
  readonly restCurrency: string;
  /** every option of the chain, and only those, starts with this: `BTC-`, `SOL_USDC-` */
  readonly instrumentPrefix: string;
  /** index the options are priced on: `btc_usd`, `sol_usdc` */
  readonly indexName: string;
  readonly settlement: 'inverse' | 'linear';
}

const INVERSE = new Set(['BTC', 'ETH']);

/** `BTC`, `eth`, `SOL`, `sol_usdc`, `BTC_USDC` … → the chain; RangeError for anything else. */
export function deribitMarket(currency: string): DeribitMarket {
  const name = currency.trim().toUpperCase();
  const m = /^([A-Z0-9]{2,10})(_USDC)?$/.exec(name);
  if (m === null) {
    throw new RangeError(`currency (${currency}) must be a Deribit option currency such as BTC, ETH, SOL or XRP_USDC`);
  }
  const base = m[1] as string;
  if (m[2] === undefined && INVERSE.has(base)) {
    return {
      name: base,
      base,
      restCurrency: base,
      instrumentPrefix: `${base}-`,
      indexName: `${base.toLowerCase()}_usd`,
      settlement: 'inverse',
    };
  }
  return {
    name: `${base}_USDC`,
    base,
    restCurrency: 'USDC',
    instrumentPrefix: `${base}_USDC-`,
    indexName: `${base.toLowerCase()}_usdc`,
    settlement: 'linear',
  };
}

export function inMarket(market: DeribitMarket, instrumentName: string): boolean {
  return instrumentName.startsWith(market.instrumentPrefix);
}

/** Interval of the trade channel: `raw` is every trade as it happens; Deribit may require an authorised connection for it. */
export type TradeInterval = 'raw' | '100ms' | 'agg2';

/** The WebSocket channels of the live chain. */
export function marketChannels(market: DeribitMarket, tradeInterval: TradeInterval = 'raw') {
  return {
    markPrice: `markprice.options.${market.indexName}`,
    index: `deribit_price_index.${market.indexName}`,
    instrumentState: `instrument.state.option.${market.restCurrency}`,
    trades: `trades.option.${market.restCurrency}.${tradeInterval}`,
  } as const;
}
