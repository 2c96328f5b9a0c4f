/**
 * Bybit API v5 market payloads, as documented (https://bybit-exchange.github.io/docs/v5/intro).
 * Every answer is `{retCode: 0, retMsg: "OK", result: {...}, retExtInfo: {}, time}`; numbers are strings.
 */
export interface BybitAnswer<T> {
  /** 0 on success, else the error code (10006 too many visits, 10001 bad parameters …) */
  readonly retCode: number;
  readonly retMsg: string;
  readonly result: { readonly category: 'option'; readonly list: readonly T[]; readonly nextPageCursor?: string };
  /** server time of the answer, epoch ms */
  readonly time: number;
}

/** GET /v5/market/instruments-info?category=option&baseCoin=BTC (paged by `cursor`). */
export interface BybitInstrument {
  /** e.g. BTC-28NOV25-90000-C (newer listings add the settle coin: BTC-28NOV25-90000-C-USDT) */
  readonly symbol: string;
  /** Trading, Delivering, PreLaunch … */
  readonly status: string;
  readonly baseCoin: string;
  readonly quoteCoin: string;
  readonly settleCoin: string;
  /** Call or Put */
  readonly optionsType: 'Call' | 'Put';
  /** delivery (expiry) time, epoch ms as a string */
  readonly deliveryTime: string;
  readonly launchTime: string;
}

/** GET /v5/market/tickers?category=option&baseCoin=BTC: one row per option. */
export interface BybitOptionTicker {
  readonly symbol: string;
  readonly markPrice: string;
  /** mark implied volatility, decimal (0.47 = 47 %) */
  readonly markIv: string;
  /** the expiry's underlying (forward) price */
  readonly underlyingPrice: string;
  /** the spot index */
  readonly indexPrice: string;
  /** open interest, in the base coin (one contract is one coin) */
  readonly openInterest: string;
  readonly delta: string;
  readonly gamma: string;
}

/**
 * The `data` of a public option WebSocket `tickers.<symbol>` push (the recorded April 2023 frames):
 * the REST ticker's fields, the mark IV named markPriceIv; a push may carry only some of them.
 */
export interface BybitWsOptionTicker {
  readonly symbol: string;
  readonly markPrice?: string;
  /** mark implied volatility, decimal */
  readonly markPriceIv?: string;
  /** the REST tickers' name of the mark IV, read when a push uses it */
  readonly markIv?: string;
  /** the expiry's underlying (forward) price */
  readonly underlyingPrice?: string;
  /** the spot index */
  readonly indexPrice?: string;
  /** open interest, in the base coin */
  readonly openInterest?: string;
}
